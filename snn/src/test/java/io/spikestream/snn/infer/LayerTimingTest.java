package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import org.junit.jupiter.api.Test;

/** Per-layer timing of a state's steps (the bench's layer profile) and that it changes nothing. */
class LayerTimingTest {

  @Test
  void timingCountsEveryStageAndLeavesResultsAlone() {
    NetworkConfig config =
        NetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f32"), 2, 34, 34, 5, 4);
    ModelParameters params = KernelParityTest.randomParameters(config, 21);
    float[][] frames = KernelParityTest.randomFrames(config, 21, false);
    EventDrivenNetwork network = new EventDrivenNetwork(params);

    NetworkState plain = network.newState();
    NetworkState timed = network.newState();
    assertThatThrownBy(timed::layerNanos).isInstanceOf(IllegalStateException.class);
    timed.timeLayers(true);
    for (int t = 0; t < frames.length; t++) {
      network.step(plain, frames[t], t);
      network.step(timed, frames[t], t);
      assertThat(timed.logits()).isEqualTo(plain.logits());
      assertThat(timed.spikeCounts()).isEqualTo(plain.spikeCounts());
    }
    long[] nanos = timed.layerNanos();
    // input, c8, p2, c16, p2, f32, output
    assertThat(nanos).hasSize(7);
    assertThat(nanos[1]).as("first conv layer").isPositive();
    assertThat(nanos[3]).as("second conv layer").isPositive();
    assertThat(nanos[5]).as("linear layer").isPositive();

    timed.timeLayers(false);
    assertThatThrownBy(timed::layerNanos)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timeLayers(true)");
  }
}
