package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batched inference over worker threads gives, for every sample and step, exactly the logits of
 * stepping that sample alone through {@link EventDrivenNetwork#run} (same kernel, same order of
 * operations), for thread counts that divide the batch, that do not, and that exceed it.
 */
class BatchInferenceTest {

  private static final NetworkConfig CONFIG =
      NetworkConfig.of(Architecture.parse("c6-p2-c8-p2-f12"), 2, 13, 11, 4, 5);

  @ParameterizedTest
  @CsvSource({"1, 5", "2, 5", "3, 7", "8, 3"})
  void everySampleGetsTheLogitsOfItsOwnSequentialRun(int threads, int batch) {
    ModelParameters params = KernelParityTest.randomParameters(CONFIG, 21);
    EventDrivenNetwork network = new EventDrivenNetwork(params);
    int t = CONFIG.timesteps();
    int frameSize = CONFIG.frameSize();
    float[][][] samples = new float[batch][][];
    float[] flat = new float[batch * t * frameSize];
    for (int b = 0; b < batch; b++) {
      samples[b] = KernelParityTest.randomFrames(CONFIG, 100 + b, b % 2 == 0);
      for (int s = 0; s < t; s++) {
        System.arraycopy(samples[b][s], 0, flat, (b * t + s) * frameSize, frameSize);
      }
    }
    double[] logits;
    try (BatchInference inference = new BatchInference(network, threads)) {
      logits = inference.stepLogits(flat, batch);
      // a second batch on the same workers: states are reset per sample
      assertThat(inference.stepLogits(flat, batch)).containsExactly(logits);
    }
    int classes = CONFIG.classes();
    assertThat(logits).hasSize(batch * t * classes);
    boolean anyNonZero = false;
    for (int b = 0; b < batch; b++) {
      WindowTrace trace = network.run(samples[b], false);
      for (int s = 0; s < t; s++) {
        double[] expected = trace.logits()[s];
        double[] actual = new double[classes];
        System.arraycopy(logits, (b * t + s) * classes, actual, 0, classes);
        assertThat(actual).as("sample %d step %d", b, s).containsExactly(expected);
        for (double v : expected) {
          anyNonZero |= v != 0;
        }
      }
    }
    assertThat(anyNonZero).as("the network must produce some output").isTrue();
  }

  @Test
  void rejectsAWrongFrameCountThreadCountAndFrameOffset() {
    EventDrivenNetwork network =
        new EventDrivenNetwork(KernelParityTest.randomParameters(CONFIG, 3));
    try (BatchInference inference = new BatchInference(network, 2)) {
      assertThatThrownBy(() -> inference.stepLogits(new float[10], 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("frames has 10 values");
    }
    NetworkState state = network.newState();
    float[] twoFrames = new float[2 * CONFIG.frameSize()];
    assertThatThrownBy(() -> network.step(state, twoFrames, CONFIG.frameSize() + 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frame offset " + (CONFIG.frameSize() + 1));
    network.step(state, twoFrames, CONFIG.frameSize(), 0);
    assertThat(state.steps()).isEqualTo(1);
    assertThatThrownBy(() -> new BatchInference(network, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be at least 1, got 0");
  }
}
