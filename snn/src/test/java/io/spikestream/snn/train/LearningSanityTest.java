package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.snn.Architecture;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole training path learns: two classes of moving bars on 2×8×8 (a horizontal bar moving
 * down, a vertical bar moving right; ON events at the bar, OFF events where it was, 3 % noise), T =
 * 4; a few dozen SGD steps must bring held-out accuracy (evaluation mode, running statistics) far
 * above the 50 % of chance.
 */
class LearningSanityTest {

  private static final int T = 4;
  private static final int SIZE = 8;
  private static final int FRAME = 2 * SIZE * SIZE;

  @Test
  void sgdLearnsMovingBars() {
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse("c8-p2-f16"), 2, SIZE, SIZE, 2, T);
    TrainingSession session = new TrainingSession(config, OptimizerConfig.sgd(0.05), 3);
    Random random = new Random(17);
    int batch = 16;
    double firstLoss = 0;
    double lastLoss = 0;
    int steps = 40;
    for (int step = 0; step < steps; step++) {
      int[] labels = new int[batch];
      float[] frames = batch(random, labels);
      BatchResult r = session.trainBatch(frames, labels);
      assertThat(r.loss()).isFinite();
      if (step < 5) {
        firstLoss += r.loss() / 5;
      }
      if (step >= steps - 5) {
        lastLoss += r.loss() / 5;
      }
    }
    int[] labels = new int[64];
    float[] frames = batch(random, labels);
    StepLogits logits = session.evaluateBatch(frames, 64);
    int correct = 0;
    for (int b = 0; b < 64; b++) {
      if (logits.predicted(b, T - 1) == labels[b]) {
        correct++;
      }
    }
    assertThat(lastLoss).isLessThan(firstLoss * 0.7);
    assertThat(correct).as("held-out correct of 64").isGreaterThanOrEqualTo(54);
  }

  /** {@code [B, T, 2, 8, 8]} frames; fills labels. */
  private static float[] batch(Random random, int[] labels) {
    float[] frames = new float[labels.length * T * FRAME];
    for (int b = 0; b < labels.length; b++) {
      int label = random.nextInt(2);
      labels[b] = label;
      int start = random.nextInt(SIZE - T);
      for (int t = 0; t < T; t++) {
        int o = (b * T + t) * FRAME;
        int pos = start + t;
        for (int k = 0; k < SIZE; k++) {
          // channel 1 = ON at the bar, channel 0 = OFF where it was a step ago
          int on = label == 0 ? pos * SIZE + k : k * SIZE + pos;
          frames[o + SIZE * SIZE + on] = 1f;
          if (pos > 0) {
            int off = label == 0 ? (pos - 1) * SIZE + k : k * SIZE + pos - 1;
            frames[o + off] = 1f;
          }
        }
        for (int i = 0; i < FRAME; i++) {
          if (random.nextDouble() < 0.03) {
            frames[o + i] = 1f;
          }
        }
      }
    }
    return frames;
  }
}
