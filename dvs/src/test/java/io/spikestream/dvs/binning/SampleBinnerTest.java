package io.spikestream.dvs.binning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import org.junit.jupiter.api.Test;

class SampleBinnerTest {

  /** Sensor 4 wide, 2 high, binned to 2x2: x' = floor(x * 2 / 4), y' = y. */
  private static final SensorGeometry SOURCE = new SensorGeometry(4, 2);

  /**
   * Events at t = 10, 12, 14, 19: s = 10, d = 19 - 10 + 1 = 10. Frame index (c, y', x') = (c * 2 +
   * y') * 2 + x' in a frame of 8 floats.
   */
  private static EventBatch handEvents() {
    EventBatch events = new EventBatch(8);
    events.add(0, 0, true, 10); // ON  (1,0,0) -> 4
    events.add(1, 0, true, 12); // ON  (1,0,0) -> 4
    events.add(3, 1, false, 14); // OFF (0,1,1) -> 3
    events.add(2, 1, true, 19); // ON  (1,1,1) -> 7
    return events;
  }

  @Test
  void nBinsOverASampleTakesTheWindowFromItsEvents() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.COUNT);
    // bins: floor(o * 2 / 10) for o = 0, 2, 4, 9 -> 0, 0, 0, 1
    float[] frames = SampleBinner.bin(spec, SOURCE, handEvents());
    assertThat(frames).containsExactly(0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void binaryFramesHoldOneWhereCountsExceedOne() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.BINARY);
    float[] frames = SampleBinner.bin(spec, SOURCE, handEvents());
    assertThat(frames).containsExactly(0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void binsWithoutEventsStayEmpty() {
    BinningSpec spec = BinningSpec.nBins(4, 2, 2, FrameValue.COUNT);
    // bins: floor(o * 4 / 10) for o = 0, 2, 4, 9 -> 0, 0, 1, 3; bin 2 gets nothing
    float[][] frames = SampleBinner.split(SampleBinner.bin(spec, SOURCE, handEvents()), spec);
    assertThat(frames[0]).containsExactly(0, 0, 0, 0, 2, 0, 0, 0);
    assertThat(frames[1]).containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
    assertThat(frames[2]).containsOnly(0f);
    assertThat(frames[3]).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void knownWindowClampsEventsOutsideItAndAcceptsChunks() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.COUNT);
    // window [12, 16): bins 2 us wide; t = 10 clamps to 0, t = 19 clamps to 1, t = 14 -> 1
    SampleBinner binner = new SampleBinner(spec, SOURCE, 12, 4);
    EventBatch events = handEvents();
    binner.add(chunk(events, 0, 1));
    binner.add(chunk(events, 1, 3));
    assertThat(binner.frames()).containsExactly(0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1);
    assertThat(binner.accepted()).isEqualTo(4);
  }

  @Test
  void fixedDtDropsEventsOutsideTheWindow() {
    BinningSpec spec = BinningSpec.fixedDt(2, 5, 2, 2, FrameValue.COUNT);
    SampleBinner binner = new SampleBinner(spec, SOURCE, 10, 0);
    EventBatch events = handEvents();
    events.add(0, 0, false, 20); // bin 2: after the window
    events.add(0, 0, false, 9); // before the window
    events.add(0, 0, false, 15); // exactly on the edge: bin 1, OFF (0,0,0) -> 8 + 0
    binner.add(events);
    // 10, 12, 14 -> bin 0; 19 -> bin 1 (floor(9 / 5))
    assertThat(binner.frames()).containsExactly(0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1);
    assertThat(binner.outsideWindow()).isEqualTo(2);
    assertThat(binner.accepted()).isEqualTo(5);
  }

  @Test
  void outOfRangeCoordinatesAreCountedAndDropped() {
    BinningSpec spec = BinningSpec.nBins(1, 2, 2, FrameValue.COUNT);
    EventBatch events = handEvents();
    events.add(4, 0, true, 11);
    events.add(0, -1, true, 11);
    SampleBinner binner = new SampleBinner(spec, SOURCE, 10, 10);
    binner.add(events);
    assertThat(binner.outOfRange()).isEqualTo(2);
    assertThat(binner.accepted()).isEqualTo(4);
    float sum = 0;
    for (float v : binner.frames()) {
      sum += v;
    }
    assertThat(sum).isEqualTo(4f);
  }

  @Test
  void emptySampleGivesZeroFrames() {
    BinningSpec spec = BinningSpec.nBins(3, 2, 2, FrameValue.COUNT);
    float[] frames = SampleBinner.bin(spec, SOURCE, new EventBatch(1));
    assertThat(frames).hasSize(3 * 8).containsOnly(0f);
  }

  @Test
  void windowOfUnorderedEventsUsesSmallestAndLargestTime() {
    EventBatch events = new EventBatch(4);
    events.add(0, 0, true, 50);
    events.add(0, 0, true, 20);
    events.add(0, 0, true, 70);
    assertThat(SampleBinner.window(events)).containsExactly(20L, 51L);
  }

  @Test
  void invalidDurationNamesTheField() {
    BinningSpec spec = BinningSpec.nBins(3, 2, 2, FrameValue.COUNT);
    assertThatThrownBy(() -> new SampleBinner(spec, SOURCE, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durationMicros must be >= 1, got 0");
  }

  static EventBatch chunk(EventBatch events, int from, int count) {
    EventBatch out = new EventBatch(Math.max(1, count));
    out.addAll(events, from, count);
    return out;
  }
}
