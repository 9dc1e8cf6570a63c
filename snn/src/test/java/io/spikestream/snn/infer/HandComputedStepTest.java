package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A network small enough to work out on paper: input 1x1x1, one linear BNTT layer of 2 neurons ("2
 * channels"), 2 classes, T = 3, λ = 0.5, θ = 1, ε = 0.25 (so that sqrt(σ² + ε) is exact).
 *
 * <pre>
 * W = [2, 1.25]^T           input x[t] = 1, 1, 2
 * neuron 0: γ = 1, 1, 0.5   μ = 0, 1, 0       σ² = 3.75 (sqrt(σ²+ε) = 2)
 * neuron 1: γ = 2, 2, 2     μ = 0, 0.25, 0    σ² = 0.75 (sqrt(σ²+ε) = 1)
 *
 * neuron 0: t0: I = 2, bn = 1·(2−0)/2 = 1,   u = 0.5·0 + 1   = 1   not > 1 (strict): s = 0, u = 1
 *           t1: I = 2, bn = 1·(2−1)/2 = 0.5, u = 0.5·1 + 0.5 = 1   again not > 1:    s = 0, u = 1
 *           t2: I = 4, bn = 0.5·(4−0)/2 = 1, u = 0.5·1 + 1   = 1.5 > 1: s = 1, u = 1.5 − 1 = 0.5
 * neuron 1: t0: I = 1.25, bn = 2·1.25 = 2.5,        u = 2.5                 s = 1, u = 1.5
 *           t1: I = 1.25, bn = 2·(1.25−0.25) = 2,   u = 0.75 + 2 = 2.75     s = 1, u = 1.75
 *           t2: I = 2.5,  bn = 2·2.5 = 5,           u = 0.875 + 5 = 5.875   s = 1, u = 4.875
 * spikes: [0,1], [0,1], [1,1]
 * W_out = [[1, 2], [−1, 0.5]]: W_out s = [2, 0.5], [2, 0.5], [3, −0.5]
 * logits (mean so far): [2, 0.5], [2, 0.5], [7/3, 1/6]
 * </pre>
 */
class HandComputedStepTest {

  static ModelParameters handNetwork() {
    NetworkConfig config =
        new NetworkConfig(Architecture.parse("f2"), 1, 1, 1, 2, 3, 0.5, 1.0, 0.25);
    return ModelParameters.of(
        config,
        Map.of(
            "layers.0.weight", new float[] {2f, 1.25f},
            "layers.0.bntt.gamma", new float[] {1f, 2f, 1f, 2f, 0.5f, 2f},
            "layers.0.bntt.runningMean", new float[] {0f, 0f, 1f, 0.25f, 0f, 0f},
            "layers.0.bntt.runningVar", new float[] {3.75f, 0.75f, 3.75f, 0.75f, 3.75f, 0.75f},
            "output.weight", new float[] {1f, 2f, -1f, 0.5f}));
  }

  static final float[][] FRAMES = {{1f}, {1f}, {2f}};

  @Test
  void eventDrivenKernelFollowsTheHandDerivation() {
    EventDrivenNetwork net = new EventDrivenNetwork(handNetwork());
    NetworkState state = net.newState();
    float[][] membranes = {{1f, 1.5f}, {1f, 1.75f}, {0.5f, 4.875f}};
    float[][] spikes = {{0f, 1f}, {0f, 1f}, {1f, 1f}};
    double[][] logits = {{2, 0.5}, {2, 0.5}, {7.0 / 3, 1.0 / 6}};
    for (int t = 0; t < 3; t++) {
      net.step(state, FRAMES[t], t);
      assertThat(state.membrane(0)).as("membranes after step %d", t).containsExactly(membranes[t]);
      assertThat(state.spikes(0)).as("spikes at step %d", t).containsExactly(spikes[t]);
      assertThat(state.logits())
          .as("logits after step %d", t)
          .containsExactly(logits[t], org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(state.spikeCounts()).containsExactly(2);
  }

  @Test
  void denseReferenceFollowsTheHandDerivation() {
    DenseReference.Result r = new DenseReference(handNetwork()).run(FRAMES);
    assertThat(r.spikes()[0][0]).containsExactly(0, 1);
    assertThat(r.spikes()[2][0]).containsExactly(1, 1);
    assertThat(r.membranes()[2][0]).containsExactly(0.5, 4.875);
    assertThat(r.logits()[2][0]).isEqualTo(7.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void resetStartsANewWindowWithZeroMembranes() {
    EventDrivenNetwork net = new EventDrivenNetwork(handNetwork());
    NetworkState state = net.newState();
    for (int t = 0; t < 3; t++) {
      net.step(state, FRAMES[t], t);
    }
    state.reset();
    net.step(state, FRAMES[0], 0);
    assertThat(state.membrane(0)).containsExactly(1f, 1.5f);
    assertThat(state.logits()).containsExactly(2, 0.5);
  }

  @Test
  void stepsMustComeInOrderAndWithinT() {
    EventDrivenNetwork net = new EventDrivenNetwork(handNetwork());
    NetworkState state = net.newState();
    assertThatThrownBy(() -> net.step(state, FRAMES[1], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timestep 1 out of order");
    assertThatThrownBy(() -> net.step(state, new float[2], 0))
        .hasMessageContaining("frame has 2 values, expected 1");
  }
}
