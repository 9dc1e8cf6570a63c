package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.model.LayerKind;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import io.spikestream.snn.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event-driven kernel stepped T times equals the dense double-precision reference run over the
 * whole window: identical spikes (every neuron, every step), membranes within 1e-4, logits within
 * 1e-5. Random networks cover odd sizes (pool floors), pool sizes 2 and 3, conv after pool, linear
 * after linear, COUNT and BINARY inputs, and both ways a conv layer gets its currents (scattered
 * and gathered, each followed by pooling and by another layer).
 */
class KernelParityTest {

  /** The parameterised cases below reach both conv paths, each with and without pooling after. */
  @Test
  void casesCoverScatteringAndGatheringConvLayers() {
    boolean[] seen = new boolean[4];
    for (String[] c :
        new String[][] {
          {"c8-p2-c96-p2-f16", "16"}, {"c16-c64-f8", "12"}, {"c5-c3-p2-f8-f6", "6"}
        }) {
      int size = Integer.parseInt(c[1]);
      var layers = NetworkConfig.of(Architecture.parse(c[0]), 2, size, size, 5, 3).layerShapes();
      for (int k = 0; k < layers.size(); k++) {
        LayerShape s = layers.get(k);
        if (s.kind() == LayerKind.CONV3X3) {
          boolean pooled = k + 1 < layers.size() && layers.get(k + 1).kind() == LayerKind.AVG_POOL;
          seen[(NetworkState.scatters(s) ? 0 : 2) + (pooled ? 0 : 1)] = true;
        }
      }
    }
    assertThat(seen)
        .as("scatter+pool, scatter+other, gather+pool, gather+other")
        .containsOnly(true);
  }

  @ParameterizedTest
  @CsvSource({
    "c4-p2-c8-f16, 2, 9, 9, 4, 11, false",
    "c6-p3-f10, 2, 11, 7, 5, 12, true",
    "c5-c3-p2-f8-f6, 3, 6, 6, 3, 13, false",
    "f12-f7, 2, 4, 4, 6, 14, true",
    "c8-p2-c16-p2-f32, 2, 34, 34, 4, 15, false",
    "c8-p2-c96-p2-f16, 2, 16, 16, 4, 17, false",
    "c16-c64-f8, 2, 12, 12, 3, 18, true",
    "c3-p3-c40-p2-f8, 2, 30, 30, 4, 19, false",
    "c8-p2-c64-p2-f16, 2, 20, 20, 4, 25, true",
    "c16-c128-f8, 2, 8, 8, 3, 26, false",
    "c8-p3-c16-p2-f8, 2, 17, 13, 4, 27, false"
  })
  void eventDrivenKernelEqualsDenseReference(
      String arch, int c, int h, int w, int t, long seed, boolean binary) {
    NetworkConfig config = NetworkConfig.of(Architecture.parse(arch), c, h, w, 5, t);
    ModelParameters params = randomParameters(config, seed);
    float[][] frames = randomFrames(config, seed, binary);
    assertParity(params, frames);
  }

  /**
   * Signed inputs (the rate coding of static images gives ±1) pooled first: windows whose entries
   * cancel to a zero sum carry nothing to the next layer, exactly as in the dense reference.
   */
  @Test
  void signedInputsPooledToZeroEqualDenseReference() {
    NetworkConfig config = NetworkConfig.of(Architecture.parse("p2-c4-p2-f8"), 2, 10, 10, 5, 4);
    ModelParameters params = randomParameters(config, 16);
    SplittableRandom random = new SplittableRandom(16);
    float[][] frames = new float[config.timesteps()][config.frameSize()];
    for (float[] frame : frames) {
      for (int j = 0; j < frame.length; j++) {
        if (random.nextDouble() < 0.5) {
          frame[j] = random.nextBoolean() ? 1f : -1f;
        }
      }
    }
    int cancelled = 0;
    for (float[] frame : frames) {
      for (int c = 0; c < 2; c++) {
        for (int py = 0; py < 5; py++) {
          for (int px = 0; px < 5; px++) {
            int entries = 0;
            float sum = 0;
            for (int d = 0; d < 4; d++) {
              float v = frame[c * 100 + (2 * py + d / 2) * 10 + 2 * px + d % 2];
              entries += v != 0 ? 1 : 0;
              sum += v;
            }
            cancelled += entries > 0 && sum == 0 ? 1 : 0;
          }
        }
      }
    }
    assertThat(cancelled).as("pooling windows whose inputs cancel").isPositive();
    assertParity(params, frames);
  }

  @Test
  void eventDrivenKernelEqualsDenseReferenceOnTheInteropModel() throws IOException {
    Path dir = SharedFixtures.interopDir();
    ModelParameters params = ModelArtifacts.read(dir.resolve("model")).parameters();
    float[][] frames = SharedFixtures.frames(SharedFixtures.npy(dir.resolve("frames.npy")));
    assertParity(params, frames);
  }

  /**
   * The test JVM runs with {@code --add-modules jdk.incubator.vector} (surefire's argLine), so the
   * Vector API path is there: a gathering conv layer with a multiple of 64 output channels sums on
   * it, a pooled conv layer with a multiple of 8 channels fires and pools on it, unless the kernel
   * is built without it; other widths stay scalar.
   */
  @Test
  void vectorApiPathIsAvailableAndTakenWhereTheWidthsAllowIt() {
    assertThat(EventDrivenNetwork.vectorAvailable()).as("the test JVM has the Vector API").isTrue();
    NetworkConfig wide = NetworkConfig.of(Architecture.parse("c16-c128-f8"), 2, 8, 8, 5, 3);
    assertThat(new EventDrivenNetwork(randomParameters(wide, 1)).vectorised()).isTrue();
    assertThat(new EventDrivenNetwork(randomParameters(wide, 1), false).vectorised()).isFalse();
    NetworkConfig pooled = NetworkConfig.of(Architecture.parse("c8-p3-f10"), 2, 9, 9, 5, 3);
    assertThat(new EventDrivenNetwork(randomParameters(pooled, 1)).vectorised()).isTrue();
    NetworkConfig odd = NetworkConfig.of(Architecture.parse("c6-p3-c12-f10"), 2, 11, 7, 5, 3);
    assertThat(new EventDrivenNetwork(randomParameters(odd, 1)).vectorised()).isFalse();
  }

  /**
   * A conv layer followed by pooling hands its spikes out only from a state that keeps them: the
   * fast path pools them without storing them, and {@code spikes()} says so instead of returning
   * stale rows.
   */
  @Test
  void spikesOfAPooledConvLayerNeedKeepSpikes() {
    NetworkConfig config = NetworkConfig.of(Architecture.parse("c8-p2-f10"), 2, 8, 8, 5, 3);
    ModelParameters params = randomParameters(config, 28);
    float[][] frames = randomFrames(config, 28, true);
    EventDrivenNetwork net = new EventDrivenNetwork(params);
    NetworkState state = net.newState();
    net.step(state, frames[0], 0);
    assertThatThrownBy(() -> state.spikes(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keepSpikes(true)");
    assertThat(state.spikes(1)).as("the linear layer's spikes need no keeping").hasSize(10);
    state.reset();
    state.keepSpikes(true);
    WindowTrace trace = net.run(frames, true);
    int spikes = 0;
    for (int t = 0; t < frames.length; t++) {
      net.step(state, frames[t], t);
      assertThat(state.spikes(0)).as("spikes at %d", t).containsExactly(trace.spikes()[t][0]);
      spikes += trace.spikeCounts()[t][0];
    }
    assertThat(spikes).as("the conv layer spikes").isPositive();
  }

  /** Both gather paths (Vector API where the layer allows it, and scalar) against the reference. */
  static void assertParity(ModelParameters params, float[][] frames) {
    assertParity(params, frames, true);
    assertParity(params, frames, false);
  }

  private static void assertParity(ModelParameters params, float[][] frames, boolean vector) {
    WindowTrace fast = new EventDrivenNetwork(params, vector).run(frames, true);
    DenseReference.Result ref = new DenseReference(params).run(frames);
    int layers = params.config().weightLayers().size();
    int totalSpikes = 0;
    for (int t = 0; t < frames.length; t++) {
      assertThat(fast.spikeCounts()[t])
          .as("spike counts at %d", t)
          .containsExactly(ref.spikeCounts()[t]);
      for (int i = 0; i < layers; i++) {
        float[] s = fast.spikes()[t][i];
        float[] m = fast.membranes()[t][i];
        for (int n = 0; n < s.length; n++) {
          assertThat((double) s[n])
              .as("spike t=%d layer=%d neuron=%d", t, i, n)
              .isEqualTo(ref.spikes()[t][i][n]);
          assertThat((double) m[n])
              .as("membrane t=%d layer=%d neuron=%d", t, i, n)
              .isCloseTo(ref.membranes()[t][i][n], within(1e-4));
          totalSpikes += (int) s[n];
        }
      }
      for (int k = 0; k < fast.logits()[t].length; k++) {
        assertThat(fast.logits()[t][k])
            .as("logit %d after %d", k, t)
            .isCloseTo(ref.logits()[t][k], within(1e-5));
      }
    }
    assertThat(totalSpikes).as("the case exercises spikes").isPositive();
    // Without recording, a step keeps conv spikes only a pooling window at a time: same results.
    WindowTrace plain = new EventDrivenNetwork(params, vector).run(frames, false);
    for (int t = 0; t < frames.length; t++) {
      assertThat(plain.spikeCounts()[t])
          .as("unrecorded counts at %d", t)
          .isEqualTo(fast.spikeCounts()[t]);
      assertThat(plain.logits()[t]).as("unrecorded logits at %d", t).isEqualTo(fast.logits()[t]);
    }
  }

  /** Weights Xavier (gain 2), γ in [0.5, 2], μ in [−0.5, 0.5], σ² in [0.2, 2]: lively spiking. */
  static ModelParameters randomParameters(NetworkConfig config, long seed) {
    ModelParameters p = ModelParameters.initialise(config, seed);
    SplittableRandom random = new SplittableRandom(seed * 31);
    Map<String, float[]> tensors = p.tensors();
    for (LayerShape layer : config.weightLayers()) {
      int i = layer.weightIndex();
      for (String name :
          new String[] {
            ModelParameters.gammaName(i),
            ModelParameters.runningMeanName(i),
            ModelParameters.runningVarName(i)
          }) {
        float[] v = tensors.get(name);
        for (int j = 0; j < v.length; j++) {
          v[j] =
              (float)
                  (name.endsWith("gamma")
                      ? random.nextDouble(0.5, 2)
                      : name.endsWith("Mean")
                          ? random.nextDouble(-0.5, 0.5)
                          : random.nextDouble(0.2, 2));
        }
      }
    }
    return ModelParameters.of(config, tensors);
  }

  static float[][] randomFrames(NetworkConfig config, long seed, boolean binary) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] frames = new float[config.timesteps()][config.frameSize()];
    for (float[] frame : frames) {
      for (int j = 0; j < frame.length; j++) {
        if (random.nextDouble() < 0.2) {
          frame[j] = binary ? 1f : 1 + random.nextInt(4);
        }
      }
    }
    return frames;
  }
}
