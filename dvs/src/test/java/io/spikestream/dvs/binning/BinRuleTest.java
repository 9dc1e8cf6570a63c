package io.spikestream.dvs.binning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.SensorGeometry;
import org.junit.jupiter.api.Test;

class BinRuleTest {

  @Test
  void nBinsPlacesEdgesInTheLaterBinAndClampsOutside() {
    // s = 100, d = 10, T = 5: bins are 2 us wide, [100,102) -> 0, [102,104) -> 1, ... [108,110) ->
    // 4
    assertThat(BinRule.nBins(100, 100, 10, 5)).isEqualTo(0);
    assertThat(BinRule.nBins(101, 100, 10, 5)).isEqualTo(0);
    assertThat(BinRule.nBins(102, 100, 10, 5)).isEqualTo(1); // exactly on the edge
    assertThat(BinRule.nBins(107, 100, 10, 5)).isEqualTo(3); // floor(7 * 5 / 10) = 3
    assertThat(BinRule.nBins(109, 100, 10, 5)).isEqualTo(4);
    assertThat(BinRule.nBins(110, 100, 10, 5)).isEqualTo(4); // clamped to T - 1
    assertThat(BinRule.nBins(99, 100, 10, 5)).isEqualTo(0); // clamped to 0
  }

  @Test
  void nBinsWithUnevenDurationUsesExactIntegerFloor() {
    // d = 7, T = 3: floor(o * 3 / 7) for o = 0..6 = 0,0,0,1,1,2,2
    int[] expected = {0, 0, 0, 1, 1, 2, 2};
    for (int o = 0; o < 7; o++) {
      assertThat(BinRule.nBins(o, 0, 7, 3)).as("offset %d", o).isEqualTo(expected[o]);
    }
  }

  @Test
  void nBinsDoesNotOverflowForExtremeTimes() {
    long d = Long.MAX_VALUE / 16;
    assertThat(BinRule.nBins(Long.MAX_VALUE, Long.MIN_VALUE, d, 16)).isEqualTo(15);
    assertThat(BinRule.nBins(Long.MIN_VALUE, Long.MAX_VALUE, d, 16)).isEqualTo(0);
    // (d - 1) * 16 fits a long and lands in the last bin
    assertThat(BinRule.nBins(d - 1, 0, d, 16)).isEqualTo(15);
    assertThat(BinRule.nBins(d / 2, 0, d, 16)).isEqualTo(7);
  }

  @Test
  void checkDurationNamesTheValue() {
    assertThatThrownBy(() -> BinRule.checkDuration(0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durationMicros")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> BinRule.checkDuration(Long.MAX_VALUE / 3, 4))
        .hasMessageContaining("durationMicros must be <=");
  }

  @Test
  void fixedDtEdgeOpensTheLaterBin() {
    assertThat(BinRule.fixedDt(1000, 1000, 250)).isEqualTo(0);
    assertThat(BinRule.fixedDt(1249, 1000, 250)).isEqualTo(0);
    assertThat(BinRule.fixedDt(1250, 1000, 250)).isEqualTo(1);
    assertThat(BinRule.fixedDt(999, 1000, 250)).isEqualTo(-1);
    assertThat(BinRule.fixedDt(750, 1000, 250)).isEqualTo(-1);
    assertThat(BinRule.fixedDt(749, 1000, 250)).isEqualTo(-2);
    assertThat(BinRule.fixedDt(Long.MAX_VALUE, Long.MIN_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(BinRule.fixedDt(Long.MIN_VALUE, Long.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void downsampling128To48FloorsEachAxis() {
    BinningSpec spec = BinningSpec.nBins(1, 48, 48, FrameValue.COUNT);
    FrameMapper mapper = new FrameMapper(spec, SensorGeometry.DVS128);
    // x' = floor(x * 48 / 128): 0->0, 2->0 (0.75), 3->1 (1.125), 8->3, 85->31 (31.875), 127->47
    int[][] cases = {{0, 0}, {2, 0}, {3, 1}, {8, 3}, {85, 31}, {86, 32}, {127, 47}};
    for (int[] c : cases) {
      assertThat(mapper.index(c[0], 0, false)).as("x=%d", c[0]).isEqualTo(c[1]);
      assertThat(mapper.index(0, c[0], false)).as("y=%d", c[0]).isEqualTo(c[1] * 48);
    }
    // ON is channel 1: offset 48 * 48
    assertThat(mapper.index(127, 127, true)).isEqualTo(48 * 48 + 47 * 48 + 47);
    assertThat(mapper.index(127, 127, true)).isEqualTo(spec.index(1, 47, 47));
    // every source pixel maps to 128/48 = 2 or 3 columns' worth: 48 distinct targets
    assertThat(
            java.util.stream.IntStream.range(0, 128)
                .map(x -> mapper.index(x, 0, false))
                .distinct()
                .count())
        .isEqualTo(48);
  }

  @Test
  void mapperRejectsCoordinatesOutsideTheSource() {
    FrameMapper mapper =
        new FrameMapper(BinningSpec.nBins(1, 34, 34, FrameValue.COUNT), SensorGeometry.NMNIST);
    assertThat(mapper.index(-1, 0, true)).isEqualTo(-1);
    assertThat(mapper.index(34, 0, true)).isEqualTo(-1);
    assertThat(mapper.index(0, 34, false)).isEqualTo(-1);
    assertThat(mapper.index(33, 33, false)).isEqualTo(33 * 34 + 33);
  }
}
