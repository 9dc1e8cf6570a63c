package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.ModelParameters;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The API the trainer drives: seeding, export/import round trips, clear input errors. */
class TrainingSessionTest {

  private static final BatchNetworkConfig CONFIG =
      BatchNetworkConfig.of(Architecture.parse("c4-p2-f8"), 2, 6, 6, 3, 3);

  @Test
  void exportedParametersRebuildTheSameNetwork() {
    TrainingSession a = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), 5);
    Random random = new Random(1);
    int[] labels = {0, 1, 2, 1};
    a.trainBatch(frames(random, 4), labels);
    a.trainBatch(frames(random, 4), labels);
    ModelParameters exported = a.exportParameters();
    TrainingSession b = new TrainingSession(CONFIG, exported, OptimizerConfig.sgd(0.1), 5);
    float[] probe = frames(random, 5);
    assertThat(b.evaluateBatch(probe, 5).values())
        .containsExactly(a.evaluateBatch(probe, 5).values());
    assertThat(b.exportParameters().tensors()).containsOnlyKeys(exported.names());
    for (String name : exported.names()) {
      assertThat(b.exportParameters().tensor(name)).as(name).containsExactly(exported.tensor(name));
    }
  }

  @Test
  void sameSeedSameTrainingDifferentSeedDifferentInit() {
    Random r1 = new Random(3);
    Random r2 = new Random(3);
    TrainingSession a = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), 7);
    TrainingSession b = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), 7);
    int[] labels = {2, 0, 1};
    assertThat(a.trainBatch(frames(r1, 3), labels).loss())
        .isEqualTo(b.trainBatch(frames(r2, 3), labels).loss());
    assertThat(a.shuffledOrder(50, 4)).containsExactly(b.shuffledOrder(50, 4));
    assertThat(a.shuffledOrder(50, 4)).isNotEqualTo(a.shuffledOrder(50, 5));
    TrainingSession c = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), 8);
    assertThat(c.exportParameters().weight(0)).isNotEqualTo(a.exportParameters().weight(0));
  }

  @Test
  void wrongInputSizesAndLabelsAreNamed() {
    TrainingSession s = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), 1);
    assertThatThrownBy(() -> s.trainBatch(new float[10], new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frames has 10 values");
    assertThatThrownBy(() -> s.trainBatch(frames(new Random(1), 2), new int[] {0, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 3");
  }

  /** Binary frames {@code [B, T, 2, 6, 6]}, 20 % ones. */
  private static float[] frames(Random random, int batch) {
    float[] f = new float[batch * 3 * 2 * 6 * 6];
    for (int i = 0; i < f.length; i++) {
      f[i] = random.nextDouble() < 0.2 ? 1f : 0f;
    }
    return f;
  }
}
