package io.spikestream.snn.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.WindowTrace;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import org.junit.jupiter.api.Test;

class EnergyEstimateTest {

  /**
   * c2-p2-f4 on 1x4x4, 3 classes. ANN: conv 2·4·4 outputs × 1·9 = 288; linear 4 × 8 = 32; output 3
   * × 4 = 12; total 332 MACs = 1527.2 pJ.
   *
   * <p>SNN, 2 steps with active inputs [8, 2, 1] and [0, 4, 4]: conv 288 × 8/16 = 144, linear 32 ×
   * 2/8 = 8, output 12 × 1/4 = 3; then 0 + 32 × 4/8 = 16 + 12 × 4/4 = 12; total 183 ACs = 164.7 pJ.
   */
  @Test
  void countsByHand() {
    NetworkConfig c = NetworkConfig.of(Architecture.parse("c2-p2-f4"), 1, 4, 4, 3, 2);
    EnergyEstimate e = EnergyEstimate.of(c, new int[][] {{8, 2, 1}, {0, 4, 4}});
    assertThat(e.annMacs()).isEqualTo(332);
    assertThat(e.snnAccumulates()).isEqualTo(183);
    assertThat(e.annPicojoules()).isCloseTo(1527.2, within(1e-9));
    assertThat(e.snnPicojoules()).isCloseTo(164.7, within(1e-9));
    assertThat(e.annOverSnn()).isCloseTo(1527.2 / 164.7, within(1e-9));
    assertThat(e.steps()).isEqualTo(2);
  }

  @Test
  void silentNetworkCostsNothingAndShapesAreChecked() {
    NetworkConfig c = NetworkConfig.of(Architecture.parse("f4"), 1, 2, 2, 2, 1);
    assertThat(EnergyEstimate.of(c, new int[][] {{0, 0}}).annOverSnn()).isInfinite();
    assertThatThrownBy(() -> EnergyEstimate.of(c, new int[][] {{0}}))
        .hasMessageContaining("activeInputs[0] has 1 entries, expected 2");
  }

  @Test
  void worksFromAKernelTrace() {
    NetworkConfig c = NetworkConfig.of(Architecture.parse("c4-p2-f8"), 2, 6, 6, 3, 3);
    float[][] frames = new float[3][c.frameSize()];
    frames[0][5] = 1;
    frames[1][40] = 2;
    WindowTrace trace = new EventDrivenNetwork(ModelParameters.initialise(c, 2)).run(frames, false);
    EnergyEstimate e = EnergyEstimate.of(c, trace.activeInputs());
    // first layer: one active pixel in steps 0 and 1 of 72 inputs, conv FLOPs 4·36·18 = 2592
    assertThat(e.snnAccumulates()).isGreaterThanOrEqualTo(2 * 2592.0 / 72);
    assertThat(e.annMacs()).isEqualTo(2592 + 8 * 36 + 3 * 8);
  }
}
