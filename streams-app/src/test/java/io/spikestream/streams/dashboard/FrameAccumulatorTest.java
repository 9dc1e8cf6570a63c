package io.spikestream.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameAccumulatorTest {

  @Test
  void countsOnAndOffPerCellWithoutDownsampling() {
    FrameAccumulator a = new FrameAccumulator(34, 34, 64, 20_000, 4);
    a.add(3, 5, true, 1_000);
    a.add(3, 5, true, 2_000);
    a.add(3, 5, false, 3_000);
    a.add(33, 33, false, 4_000);
    FrameAccumulator.Frame f = a.snapshot();
    assertThat(f.width()).isEqualTo(34);
    assertThat(f.height()).isEqualTo(34);
    assertThat(f.onAt(3, 5)).isEqualTo(2);
    assertThat(f.offAt(3, 5)).isEqualTo(1);
    assertThat(f.offAt(33, 33)).isEqualTo(1);
    assertThat(f.onAt(5, 3)).isZero(); // x and y not swapped
    assertThat(f.events()).isEqualTo(4);
  }

  @Test
  void downsamplesByTheIntegerFactorThatFitsMaxSide() {
    // 128 x 100 with maxSide 64: factor ceil(128 / 64) = 2 -> 64 x 50
    FrameAccumulator a = new FrameAccumulator(128, 100, 64, 20_000, 4);
    assertThat(a.width()).isEqualTo(64);
    assertThat(a.height()).isEqualTo(50);
    a.add(127, 99, true, 0); // -> (63, 49)
    a.add(126, 98, true, 0); // -> (63, 49)
    a.add(1, 1, false, 0); // -> (0, 0)
    FrameAccumulator.Frame f = a.snapshot();
    assertThat(f.onAt(63, 49)).isEqualTo(2);
    assertThat(f.offAt(0, 0)).isEqualTo(1);
    // 130 wide with maxSide 64: factor 3 -> 44 columns
    assertThat(new FrameAccumulator(130, 10, 64, 1, 1).width()).isEqualTo(44);
  }

  @Test
  void showsOnlyTheNewestSlicesOfEventTime() {
    // 4 slices of 10 ms: the frame spans the 4 newest slices up to the newest event
    FrameAccumulator a = new FrameAccumulator(10, 10, 64, 10_000, 4);
    a.add(0, 0, true, 5_000); // slice 0
    a.add(1, 0, true, 15_000); // slice 1
    a.add(2, 0, true, 35_000); // slice 3
    assertThat(a.snapshot().events()).isEqualTo(3);
    a.add(3, 0, true, 40_000); // slice 4: slice 0 leaves the window
    FrameAccumulator.Frame f = a.snapshot();
    assertThat(f.onAt(0, 0)).isZero();
    assertThat(f.onAt(1, 0)).isEqualTo(1);
    assertThat(f.onAt(3, 0)).isEqualTo(1);
    assertThat(f.events()).isEqualTo(3);
    a.add(4, 0, true, 95_000); // slice 9: everything before slice 6 has gone
    f = a.snapshot();
    assertThat(f.events()).isEqualTo(1);
    assertThat(f.onAt(4, 0)).isEqualTo(1);
  }

  @Test
  void lateAndOutOfRangeEventsAreDroppedAndCounted() {
    FrameAccumulator a = new FrameAccumulator(10, 10, 64, 10_000, 2);
    a.add(0, 0, true, 50_000); // slice 5
    a.add(1, 1, true, 45_000); // slice 4: still in the ring
    a.add(2, 2, true, 39_999); // slice 3: older than the ring
    a.add(10, 0, true, 50_000);
    a.add(0, -1, true, 50_000);
    assertThat(a.dropped()).isEqualTo(3);
    FrameAccumulator.Frame f = a.snapshot();
    assertThat(f.events()).isEqualTo(2);
    assertThat(f.onAt(2, 2)).isZero();
  }

  @Test
  void countsSaturateAt255() {
    FrameAccumulator a = new FrameAccumulator(2, 2, 64, 1_000, 3);
    for (int i = 0; i < 400; i++) {
      a.add(1, 1, false, i * 7L % 3_000); // spread over the three slices
    }
    FrameAccumulator.Frame f = a.snapshot();
    assertThat(f.offAt(1, 1)).isEqualTo(255);
    assertThat(f.events()).isEqualTo(400);
  }

  @Test
  void invalidSizesNameTheField() {
    assertThatThrownBy(() -> new FrameAccumulator(0, 5, 64, 1, 1)).hasMessageContaining("0x5");
    assertThatThrownBy(() -> new FrameAccumulator(5, 5, 0, 1, 1))
        .hasMessageContaining("maxSide must be >= 1, got 0");
    assertThatThrownBy(() -> new FrameAccumulator(5, 5, 8, 0, 1))
        .hasMessageContaining("sliceMicros must be >= 1, got 0");
    assertThatThrownBy(() -> new FrameAccumulator(5, 5, 8, 1, 0))
        .hasMessageContaining("slices must be >= 1, got 0");
  }
}
