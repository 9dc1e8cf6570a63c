package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.snn.Architecture;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-network BPTT against finite differences: smooth spikes, full reset gradient, float64, BNTT
 * with batch statistics, several timesteps, cross-entropy on the 1/T-mean logits (DESIGN section
 * 11). Every trainable tensor is checked.
 */
class NetworkGradientCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"f5", "c3", "c3-p2", "c4-p2-f6", "c3-c4-p2-f5-f4"})
  void bpttGradientsMatchFiniteDifferences(String spec) {
    int batch = 3;
    int t = 4;
    BatchNetworkConfig config =
        BatchNetworkConfig.of(Architecture.parse(spec), 2, 6, 5, 3, t).forGradientCheck();
    BnttNetwork net = new BnttNetwork(config, 11);
    Random random = new Random(5);
    // γ away from 1 and per-t different, so that per-t gradients are distinguishable
    for (Map.Entry<String, INDArray> e : net.trainableParameters().entrySet()) {
      if (e.getKey().endsWith("gamma")) {
        GradientChecks.fill(e.getValue(), random, 0.5, 1.5);
      }
    }
    INDArray input = Nd4j.create(DataType.DOUBLE, (long) t * batch, 2, 6, 5);
    GradientChecks.fill(input, random, 0, 2);
    int[] labels = {0, 2, 1};

    BnttNetwork.Pass pass = net.forward(input, batch, BnttNetwork.Mode.TRAIN);
    double[] logits = pass.logits().dup('c').data().asDouble();
    double[] g = new double[logits.length];
    CrossEntropy.lossAndGradient(logits, labels, 3, g);
    Map<String, INDArray> grads = net.backward(pass, Nd4j.createFromArray(g).reshape(batch, 3));

    java.util.function.DoubleSupplier loss =
        () -> {
          double[] z =
              net.forward(input, batch, BnttNetwork.Mode.TRAIN).logits().dup('c').data().asDouble();
          return CrossEntropy.lossAndGradient(z, labels, 3, new double[z.length]);
        };
    assertThat(grads.keySet()).isEqualTo(net.trainableParameters().keySet());
    int checked = 0;
    for (Map.Entry<String, INDArray> e : net.trainableParameters().entrySet()) {
      INDArray analytic = grads.get(e.getKey());
      assertThat(analytic.shape()).isEqualTo(e.getValue().shape());
      assertThat(analytic.norm2Number().doubleValue()).as(e.getKey()).isGreaterThan(1e-8);
      checked += GradientChecks.check(e.getKey(), e.getValue(), analytic, loss, 25, 3);
    }
    assertThat(checked).isGreaterThan(50);
  }
}
