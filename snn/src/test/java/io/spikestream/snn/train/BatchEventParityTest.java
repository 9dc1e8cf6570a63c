package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.WindowTrace;
import io.spikestream.snn.model.ModelParameters;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two kernels, one semantics (DESIGN section 7): the ND4J batched evaluation forward and the
 * event-driven plain-Java kernel give the same spikes in every layer and step and the same per-step
 * logits (1e-5) on the same trained-like weights (a few SGD steps, so running statistics and γ are
 * no longer the initial ones).
 *
 * <p>The two sum in different orders (oneDNN / BLAS against sequential float), so a membrane that
 * lands within float rounding of θ can spike in one and not the other. Such flips are counted and
 * printed, not hidden; the test allows at most one in 10,000 spike decisions and holds the logits
 * to 1e-5 in every sample without a flip.
 */
class BatchEventParityTest {

  private static final int T = 6;
  private static final int C = 2;
  private static final int H = 12;
  private static final int W = 12;

  @Test
  void batchedEvaluationMatchesTheEventDrivenKernel() {
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f32"), C, H, W, 5, T);
    TrainingSession session = new TrainingSession(config, OptimizerConfig.sgd(0.05), 9);
    Random random = new Random(23);
    for (int step = 0; step < 6; step++) {
      int[] labels = new int[8];
      for (int b = 0; b < labels.length; b++) {
        labels[b] = random.nextInt(5);
      }
      session.trainBatch(frames(random, labels.length), labels);
    }
    ModelParameters params = session.exportParameters();
    EventDrivenNetwork events = new EventDrivenNetwork(params);

    int batch = 12;
    float[] frames = frames(random, batch);
    BnttNetwork net = session.network();
    BnttNetwork.Pass pass =
        net.forward(net.timeMajorInput(frames, batch), batch, BnttNetwork.Mode.EVAL, true);
    List<INDArray> batchSpikes = pass.layerSpikes();
    double[] batchLogits = pass.stepLogits();

    int frame = C * H * W;
    long decisions = 0;
    long flips = 0;
    long spikesSeen = 0;
    double worstLogit = 0;
    int samplesWithFlips = 0;
    for (int b = 0; b < batch; b++) {
      float[][] window = new float[T][frame];
      for (int t = 0; t < T; t++) {
        System.arraycopy(frames, (b * T + t) * frame, window[t], 0, frame);
      }
      WindowTrace trace = events.run(window, true);
      int sampleFlips = 0;
      for (int layer = 0; layer < batchSpikes.size(); layer++) {
        float[] all = batchSpikes.get(layer).dup('c').data().asFloat();
        int neurons = trace.spikes()[0][layer].length;
        assertThat((long) neurons * T * batch).isEqualTo(all.length);
        for (int t = 0; t < T; t++) {
          float[] expected = trace.spikes()[t][layer];
          int base = (t * batch + b) * neurons; // t-major row t·B + b
          for (int n = 0; n < neurons; n++) {
            decisions++;
            spikesSeen += expected[n] > 0 ? 1 : 0;
            if (all[base + n] != expected[n]) {
              sampleFlips++;
            }
          }
        }
      }
      flips += sampleFlips;
      if (sampleFlips > 0) {
        samplesWithFlips++;
        continue;
      }
      for (int t = 0; t < T; t++) {
        for (int k = 0; k < 5; k++) {
          double diff = Math.abs(batchLogits[(b * T + t) * 5 + k] - trace.logits()[t][k]);
          worstLogit = Math.max(worstLogit, diff);
        }
      }
    }
    System.out.printf(
        "parity: %d spike decisions (%d spikes), %d flips in %d of %d samples; worst logit"
            + " difference without flips %.3g%n",
        decisions, spikesSeen, flips, samplesWithFlips, batch, worstLogit);
    assertThat(spikesSeen)
        .as("the network must spike for the test to mean anything")
        .isGreaterThan(decisions / 50);
    assertThat(flips).isLessThanOrEqualTo(decisions / 10_000);
    assertThat(samplesWithFlips).isLessThan(batch);
    assertThat(worstLogit).isLessThanOrEqualTo(1e-5);
  }

  /** Binary DVS-like frames {@code [B, T, C, H, W]}, 15 % ones. */
  private static float[] frames(Random random, int batch) {
    float[] f = new float[batch * T * C * H * W];
    for (int i = 0; i < f.length; i++) {
      f[i] = random.nextDouble() < 0.15 ? 1f : 0f;
    }
    return f;
  }
}
