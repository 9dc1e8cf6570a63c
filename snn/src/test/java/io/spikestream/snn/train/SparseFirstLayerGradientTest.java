package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.snn.Architecture;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first conv layer in training, computed from its sparse input inside the scans ({@link
 * SparseConvInput}: currents forward, weight gradient backward), against finite differences and
 * against {@code conv2d} / {@code conv2d_bp}, on inputs that are mostly zero as DVS frames are.
 */
class SparseFirstLayerGradientTest {

  @Test
  void sparseWeightGradientMatchesFiniteDifferences() {
    int batch = 3;
    int t = 3;
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse("c3-p2-f4"), 2, 6, 5, 3, t).forGradientCheck();
    BnttNetwork net = new BnttNetwork(config, 4);
    net.setSparseInputLimit(1.0);
    Random random = new Random(9);
    INDArray input = sparseInput(DataType.DOUBLE, t * batch, 2, 6, 5, random, 0.2);
    int[] labels = {1, 0, 2};
    Map<String, INDArray> grads = gradients(net, input, batch, labels);
    java.util.function.DoubleSupplier loss =
        () -> {
          double[] z =
              net.forward(input, batch, BnttNetwork.Mode.TRAIN).logits().dup('c').data().asDouble();
          return CrossEntropy.lossAndGradient(z, labels, 3, new double[z.length]);
        };
    INDArray w = net.trainableParameters().get("layers.0.weight");
    // 54 weights: border taps see no input on some rows, all see some
    assertThat(
            GradientChecks.check("layers.0.weight", w, grads.get("layers.0.weight"), loss, 54, 1))
        .isEqualTo(54);
  }

  @Test
  void sparseAndConvBackwardAgreeOnEveryTensorInFloat32() {
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f16"), 2, 18, 18, 10, 5);
    int batch = 6;
    Random random = new Random(12);
    INDArray input = sparseInput(DataType.FLOAT, 5 * batch, 2, 18, 18, random, 0.06);
    int[] labels = {0, 3, 9, 1, 1, 7};
    BnttNetwork dense = new BnttNetwork(config, 8);
    dense.setSparseInputLimit(0.0);
    BnttNetwork sparse = new BnttNetwork(config, 8);
    sparse.setSparseInputLimit(1.0);
    Map<String, INDArray> expected = gradients(dense, input, batch, labels);
    Map<String, INDArray> actual = gradients(sparse, input, batch, labels);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String name : expected.keySet()) {
      INDArray e = expected.get(name);
      double scale = e.amaxNumber().doubleValue();
      assertThat(scale).as(name).isGreaterThan(0);
      double diff = e.sub(actual.get(name)).amaxNumber().doubleValue();
      // the same sums in another order (double here, oneDNN's float there)
      assertThat(diff).as(name).isLessThanOrEqualTo(1e-5 * scale);
    }
  }

  @Test
  void inFloat64TheSparseAndDenseFirstLayerGiveTheSameLogitsSpikesAndGradients() {
    // smooth spikes in float64: the two ways differ only in summation order (~1e-16)
    int batch = 4;
    int t = 3;
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse("c4-p2-c5-f6"), 2, 9, 8, 3, t).forGradientCheck();
    INDArray input = sparseInput(DataType.DOUBLE, t * batch, 2, 9, 8, new Random(3), 0.1);
    int[] labels = {2, 1, 0, 2};
    BnttNetwork dense = new BnttNetwork(config, 6);
    dense.setSparseInputLimit(0.0);
    BnttNetwork sparse = new BnttNetwork(config, 6);
    sparse.setSparseInputLimit(1.0);
    INDArray denseLogits = dense.forward(input, batch, BnttNetwork.Mode.TRAIN).logits();
    INDArray sparseLogits = sparse.forward(input, batch, BnttNetwork.Mode.TRAIN).logits();
    assertThat(sparseLogits.sub(denseLogits).amaxNumber().doubleValue()).isLessThan(1e-12);
    assertThat(sparse.runningStatistics().get("layers.0.bntt.runningMean").data().asDouble())
        .containsExactly(
            dense.runningStatistics().get("layers.0.bntt.runningMean").data().asDouble(),
            org.assertj.core.data.Offset.offset(1e-12));
    Map<String, INDArray> expected = gradients(dense, input, batch, labels);
    Map<String, INDArray> actual = gradients(sparse, input, batch, labels);
    for (String name : expected.keySet()) {
      double scale = expected.get(name).amaxNumber().doubleValue();
      double diff = expected.get(name).sub(actual.get(name)).amaxNumber().doubleValue();
      assertThat(diff).as(name).isLessThanOrEqualTo(1e-10 * scale);
    }
  }

  private static Map<String, INDArray> gradients(
      BnttNetwork net, INDArray input, int batch, int[] labels) {
    BnttNetwork.Pass pass = net.forward(input, batch, BnttNetwork.Mode.TRAIN);
    double[] logits = pass.logits().dup('c').data().asDouble();
    int classes = net.config().classes();
    double[] g = new double[logits.length];
    CrossEntropy.lossAndGradient(logits, labels, classes, g);
    INDArray gradLogits =
        Nd4j.createFromArray(g).reshape(batch, classes).castTo(net.config().dataType());
    Map<String, INDArray> out = new java.util.LinkedHashMap<>();
    net.backward(pass, gradLogits).forEach((k, v) -> out.put(k, v.dup('c')));
    return out;
  }

  /** Values in [0.5, 2) at {@code density} of the positions, else 0. */
  private static INDArray sparseInput(
      DataType type, int rows, int c, int h, int w, Random random, double density) {
    INDArray a = Nd4j.create(type, rows, c, h, w);
    Vec v = Vec.of(a);
    for (int i = 0; i < v.length(); i++) {
      v.set(i, random.nextDouble() < density ? 0.5 + 1.5 * random.nextDouble() : 0);
    }
    return a;
  }
}
