package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The production training path (float32, Heaviside spikes with the triangle surrogate, detached
 * reset, SGD with momentum and weight decay) against a golden file, so that a speed-up that changes
 * what a training step computes is caught: the BPTT gradients of one fixed batch, then the losses
 * of three SGD steps and every tensor afterwards (weights, γ, running statistics).
 *
 * <p>The network is {@code c8-p2-c16-p2-f16} on 2×18×18 (the second pooling floors 9×9 to 4×4), T =
 * 6, batch 8, 10 classes, binary frames with 10 % ones: every layer kind and both pooling paths of
 * the real {@code c32-p2-c64-p2-f256} run.
 *
 * <p>{@code train-step-golden.zip} (one {@code .npy} per tensor) was written by {@link #main} on
 * commit 456b617, before the session-4 training speed-ups. To rewrite it after an intended change
 * of the numerics: {@code java -cp <test classpath> io.spikestream.snn.train.TrainingStepGoldenTest
 * snn/src/test/resources/io/spikestream/snn/train/train-step-golden.zip}.
 *
 * <p>Tolerance: float32 storage with double arithmetic in the Java kernels; a different summation
 * order (threads, oneDNN algorithm) moves values by ~1e-7 relative, a changed formula by far more.
 * A spike that flips because a membrane sits within float rounding of θ would also show: unlikely
 * in a case this small, but possible on another CPU whose oneDNN picks another algorithm.
 */
class TrainingStepGoldenTest {

  private static final String RESOURCE = "train-step-golden.zip";
  private static final BatchNetworkConfig CONFIG =
      BatchNetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f16"), 2, 18, 18, 10, 6);
  private static final int BATCH = 8;
  private static final int STEPS = 3;
  private static final long SEED = 21;

  /** Largest difference allowed, relative to the largest magnitude of the golden tensor. */
  private static final double RELATIVE_TOLERANCE = 1e-4;

  @Test
  void oneBatchGradientsAndThreeStepsMatchTheGoldenFile() throws IOException {
    Map<String, NpyArray> golden = readGolden();
    Map<String, float[]> now = run();
    assertThat(now.keySet()).isEqualTo(golden.keySet());
    int compared = 0;
    for (Map.Entry<String, float[]> e : now.entrySet()) {
      float[] expected = golden.get(e.getKey()).floats();
      float[] actual = e.getValue();
      assertThat(actual).as(e.getKey()).hasSameSizeAs(expected);
      double scale = 0;
      for (float v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      double worst = 0;
      int worstAt = -1;
      for (int i = 0; i < expected.length; i++) {
        double d = Math.abs(actual[i] - expected[i]);
        if (d > worst) {
          worst = d;
          worstAt = i;
        }
      }
      assertThat(worst)
          .as(
              "%s: largest difference at %d (%s vs golden %s), max |golden| %s",
              e.getKey(),
              worstAt,
              worstAt < 0 ? "-" : actual[worstAt],
              worstAt < 0 ? "-" : expected[worstAt],
              scale)
          .isLessThanOrEqualTo(RELATIVE_TOLERANCE * scale + 1e-7);
      compared += expected.length;
    }
    // the gradients are not trivially zero: the case exercises the backward pass
    for (String name : trainableNames()) {
      float[] g = now.get("grad." + name);
      double norm = 0;
      for (float v : g) {
        norm += v * v;
      }
      assertThat(norm).as("grad." + name).isGreaterThan(0);
    }
    assertThat(compared).isGreaterThan(10_000);
  }

  private static Iterable<String> trainableNames() {
    return new BnttNetwork(CONFIG, SEED).trainableParameters().keySet();
  }

  /**
   * The gradients ({@code grad.<name>}, internal layouts) of a fresh network on batch 0, the loss
   * of each of three SGD steps on batches 0..2 ({@code loss.<k>}) and the tensors after them
   * ({@code after.<name>}, artifact layouts).
   */
  static Map<String, float[]> run() {
    Random random = new Random(SEED);
    float[][] frames = new float[STEPS][];
    int[][] labels = new int[STEPS][BATCH];
    int frame = CONFIG.timesteps() * CONFIG.inChannels() * CONFIG.height() * CONFIG.width();
    for (int s = 0; s < STEPS; s++) {
      frames[s] = new float[BATCH * frame];
      for (int i = 0; i < frames[s].length; i++) {
        frames[s][i] = random.nextDouble() < 0.1 ? 1f : 0f;
      }
      for (int b = 0; b < BATCH; b++) {
        labels[s][b] = random.nextInt(CONFIG.classes());
      }
    }
    Map<String, float[]> out = new LinkedHashMap<>();

    BnttNetwork net = new BnttNetwork(CONFIG, SEED);
    BnttNetwork.Pass pass =
        net.forward(net.timeMajorInput(frames[0], BATCH), BATCH, BnttNetwork.Mode.TRAIN);
    double[] logits = pass.logits().dup('c').data().asDouble();
    double[] g = new double[logits.length];
    CrossEntropy.lossAndGradient(logits, labels[0], CONFIG.classes(), g);
    INDArray gradLogits =
        Nd4j.createFromArray(g).reshape(BATCH, CONFIG.classes()).castTo(DataType.FLOAT);
    for (Map.Entry<String, INDArray> e : net.backward(pass, gradLogits).entrySet()) {
      out.put("grad." + e.getKey(), e.getValue().dup('c').data().asFloat());
    }

    TrainingSession session = new TrainingSession(CONFIG, OptimizerConfig.sgd(0.1), SEED);
    for (int s = 0; s < STEPS; s++) {
      out.put("loss." + s, new float[] {(float) session.trainBatch(frames[s], labels[s]).loss()});
    }
    for (Map.Entry<String, INDArray> e : session.exportTensors().entrySet()) {
      out.put("after." + e.getKey(), e.getValue().dup('c').data().asFloat());
    }
    return out;
  }

  private static Map<String, NpyArray> readGolden() throws IOException {
    Map<String, NpyArray> golden = new LinkedHashMap<>();
    try (InputStream raw = TrainingStepGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(raw).as("test resource " + RESOURCE).isNotNull();
      try (ZipInputStream zip = new ZipInputStream(raw)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          String name = e.getName().substring(0, e.getName().length() - ".npy".length());
          golden.put(name, NpyArray.read(zip, e.getName()));
        }
      }
    }
    return golden;
  }

  /** Writes the golden file of the code on the classpath to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    try (OutputStream file = Files.newOutputStream(Path.of(args[0]));
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, float[]> e : run().entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        float[] v = e.getValue();
        NpyArray.ofFloats(new int[] {v.length}, v).write(zip);
        zip.closeEntry();
      }
    }
  }
}
