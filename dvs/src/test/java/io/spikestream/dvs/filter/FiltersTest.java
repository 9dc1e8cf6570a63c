package io.spikestream.dvs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made cases for every filter stage and the chain. */
class FiltersTest {

  private static final SensorGeometry G = new SensorGeometry(10, 8);

  /** Events as {x, y, on(0/1), t}. */
  static EventBatch batch(long[]... events) {
    EventBatch b = new EventBatch(4);
    for (long[] e : events) {
      b.add((int) e[0], (int) e[1], e[2] == 1, e[3]);
    }
    return b;
  }

  static List<String> rows(EventBatch b) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) {
      l.add(b.x(i) + "," + b.y(i) + "," + (b.on(i) ? 1 : 0) + "@" + b.timestampMicros(i));
    }
    return l;
  }

  static long[] e(long x, long y, long on, long t) {
    return new long[] {x, y, on, t};
  }

  @Test
  void denoiseKeepsEventsSupportedByARecentNeighbourOnly() {
    EventFilter f = new DenoiseFilter.Config(100, Neighbourhood.EIGHT).create(G);
    EventBatch b =
        batch(
            e(5, 5, 1, 1_000), // nobody fired yet: dropped
            e(6, 5, 1, 1_050), // (5,5) fired 50 us ago: kept
            e(5, 5, 0, 1_149), // (6,5) fired 99 us ago: kept (own pixel does not count)
            e(9, 0, 1, 1_150), // far away: dropped
            e(6, 6, 1, 1_249), // (5,5) fired 100 us ago: not < dt, and (6,5) 199 us: dropped
            e(7, 7, 0, 1_260)); // diagonal neighbour (6,6) 11 us ago: kept with 8 neighbours
    int dropped = f.apply(b);
    assertThat(rows(b)).containsExactly("6,5,1@1050", "5,5,0@1149", "7,7,0@1260");
    assertThat(dropped).isEqualTo(3);
  }

  @Test
  void denoiseWithFourNeighboursIgnoresDiagonals() {
    EventFilter f = new DenoiseFilter.Config(100, Neighbourhood.FOUR).create(G);
    EventBatch b = batch(e(3, 3, 1, 10), e(4, 4, 1, 20), e(4, 3, 1, 30));
    f.apply(b);
    assertThat(rows(b)).containsExactly("4,3,1@30");
  }

  @Test
  void denoiseStateSpansBatchesAndBorderPixelsWork() {
    EventFilter f = new DenoiseFilter.Config(100, Neighbourhood.EIGHT).create(G);
    EventBatch first = batch(e(0, 0, 1, 10));
    f.apply(first);
    assertThat(first.size()).isZero();
    EventBatch second = batch(e(1, 0, 0, 60), e(9, 7, 1, 70));
    f.apply(second);
    assertThat(rows(second)).containsExactly("1,0,0@60");
    f.reset();
    EventBatch third = batch(e(0, 0, 1, 80));
    f.apply(third);
    assertThat(third.size()).isZero();
  }

  @Test
  void refractoryDropsEventsWithinThePeriodOfTheLastKeptOne() {
    EventFilter f = new RefractoryFilter.Config(100, false).create(G);
    EventBatch b =
        batch(
            e(2, 2, 1, 0),
            e(2, 2, 0, 50), // 50 < 100 after the kept one: dropped (either polarity)
            e(2, 2, 1, 99), // dropped; does not extend the period
            e(2, 2, 1, 100), // exactly the period: kept
            e(3, 2, 1, 101)); // another pixel: kept
    assertThat(f.apply(b)).isEqualTo(2);
    assertThat(rows(b)).containsExactly("2,2,1@0", "2,2,1@100", "3,2,1@101");
  }

  @Test
  void refractoryPerPolarityLetsTheOtherPolarityThrough() {
    EventFilter f = new RefractoryFilter.Config(100, true).create(G);
    EventBatch b = batch(e(2, 2, 1, 0), e(2, 2, 0, 50), e(2, 2, 1, 60), e(2, 2, 0, 140));
    f.apply(b);
    assertThat(rows(b)).containsExactly("2,2,1@0", "2,2,0@50");
    EventBatch next = batch(e(2, 2, 0, 149), e(2, 2, 0, 150), e(2, 2, 1, 150));
    f.apply(next);
    assertThat(rows(next)).containsExactly("2,2,0@150", "2,2,1@150");
  }

  @Test
  void hotPixelExplicitListIsAlwaysMasked() {
    HotPixelFilter.Config c =
        new HotPixelFilter.Config(List.of(new HotPixelFilter.Pixel(1, 1)), 0, 10);
    EventFilter f = c.create(G);
    EventBatch b = batch(e(1, 1, 1, 0), e(1, 2, 1, 1), e(1, 1, 0, 2));
    assertThat(f.apply(b)).isEqualTo(2);
    assertThat(rows(b)).containsExactly("1,2,1@1");
    assertThatThrownBy(
            () ->
                new HotPixelFilter.Config(List.of(new HotPixelFilter.Pixel(10, 0)), 0, 10)
                    .create(G))
        .hasMessage("hotpixel.pixel 10/0 lies outside the 10x8 sensor");
  }

  @Test
  void hotPixelCalibrationMasksPixelsAboveKTimesTheMedian() {
    HotPixelFilter f = (HotPixelFilter) new HotPixelFilter.Config(List.of(), 1_000, 3).create(G);
    EventBatch b = new EventBatch(4);
    // pixels (0..4, 0) fire 2 times each, (5,0) 6 times (= 3 x median: not above), (6,0) 7 times
    long t = 0;
    for (int x = 0; x < 7; x++) {
      int n = x < 5 ? 2 : x == 5 ? 6 : 7;
      for (int k = 0; k < n; k++) {
        b.add(x, 0, true, t++);
      }
    }
    f.apply(b);
    assertThat(b.size()).as("events pass while calibrating").isEqualTo(23);
    assertThat(f.calibrating()).isTrue();
    EventBatch after = batch(e(6, 0, 1, 1_000), e(5, 0, 1, 1_001), e(0, 0, 1, 1_002));
    f.apply(after);
    assertThat(f.calibrating()).isFalse();
    assertThat(f.learntPixels()).isEqualTo(1);
    assertThat(f.isMasked(6, 0)).isTrue();
    assertThat(rows(after)).containsExactly("5,0,1@1001", "0,0,1@1002");
  }

  @Test
  void roiKeepsTheRegionAndMovesTheOrigin() {
    EventFilter f = new RoiFilter.Config(2, 3, 4, 2).create(G);
    assertThat(f.outputGeometry()).isEqualTo(new SensorGeometry(4, 2));
    EventBatch b = batch(e(2, 3, 1, 0), e(5, 4, 0, 1), e(6, 4, 1, 2), e(1, 3, 1, 3), e(3, 5, 1, 4));
    assertThat(f.apply(b)).isEqualTo(3);
    assertThat(rows(b)).containsExactly("0,0,1@0", "3,1,0@1");
    assertThatThrownBy(() -> new RoiFilter.Config(8, 0, 3, 2).create(G))
        .hasMessage("roi 3x2 at 8,0 does not fit the 10x8 sensor");
  }

  @Test
  void downsampleFloorsAndRoundsTheGeometryUp() {
    EventFilter f = new DownsampleFilter.Config(3).create(G);
    assertThat(f.outputGeometry()).isEqualTo(new SensorGeometry(4, 3));
    EventBatch b = batch(e(9, 7, 1, 0), e(2, 3, 0, 1), e(3, 2, 1, 2));
    assertThat(f.apply(b)).isZero();
    assertThat(rows(b)).containsExactly("3,2,1@0", "0,1,0@1", "1,0,1@2");
  }

  @Test
  void polaritySelection() {
    EventBatch b = batch(e(0, 0, 1, 0), e(1, 0, 0, 1), e(2, 0, 1, 2));
    new PolarityFilter.Config(PolaritySelection.OFF).create(G).apply(b);
    assertThat(rows(b)).containsExactly("1,0,0@1");
    EventBatch c = batch(e(0, 0, 1, 0), e(1, 0, 0, 1), e(2, 0, 1, 2));
    new PolarityFilter.Config(PolaritySelection.ON).create(G).apply(c);
    assertThat(rows(c)).containsExactly("0,0,1@0", "2,0,1@2");
    EventBatch d = batch(e(0, 0, 1, 0), e(1, 0, 0, 1));
    assertThat(new PolarityFilter.Config(PolaritySelection.BOTH).create(G).apply(d)).isZero();
    assertThat(d.size()).isEqualTo(2);
  }

  @Test
  void chainDropsOffGeometryEventsAndChainsGeometries() {
    FilterChain chain =
        FilterChain.parse(List.of("roi:x=2,y=2,w=8,h=6", "downsample:2", "polarity:on"), G);
    assertThat(chain.outputGeometry()).isEqualTo(new SensorGeometry(4, 3));
    EventBatch b =
        batch(e(-1, 0, 1, 0), e(10, 0, 1, 1), e(9, 7, 1, 2), e(3, 3, 0, 3), e(0, 0, 1, 4));
    assertThat(chain.apply(b)).isEqualTo(4);
    assertThat(rows(b)).containsExactly("3,2,1@2");
    assertThat(chain.offGeometryDropped()).isEqualTo(2);
    assertThat(chain.droppedBy(0)).isEqualTo(1);
    assertThat(chain.droppedBy(2)).isEqualTo(1);
    assertThat(chain.eventsIn()).isEqualTo(5);
    assertThat(chain.eventsOut()).isEqualTo(1);
    assertThat(chain.describeDrops())
        .isEqualTo("dropped: off-geometry 2, roi 1, downsample 0, polarity 1");
    assertThatThrownBy(() -> FilterChain.parse(List.of("downsample:2", "roi:w=6,h=2"), G))
        .hasMessage("roi 6x2 at 0,0 does not fit the 5x4 sensor");
  }
}
