package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Update rules and schedule as PyTorch's SGD / Adam / MultiStepLR, by hand. */
class OptimizerTest {

  @Test
  void sgdWithMomentumAndWeightDecayMatchesPytorchByHand() {
    Optimizer sgd = new Optimizer(OptimizerConfig.sgd(0.1).withWeightDecay(0.01));
    INDArray p = Nd4j.createFromArray(1.0, -2.0);
    Map<String, INDArray> params = Map.of("w", p);
    // step 1: g = 0.5 + 0.01·1 = 0.51, buf = 0.51, p = 1 − 0.051 = 0.949
    sgd.step(params, grads(0.5, 0.0), 0.1);
    assertThat(p.getDouble(0)).isCloseTo(0.949, offset(1e-12));
    // second: g = −0.02 (decay only), buf = −0.02, p = −2 + 0.002
    assertThat(p.getDouble(1)).isCloseTo(-1.998, offset(1e-12));
    // step 2: g = 0.5 + 0.00949, buf = 0.9·0.51 + 0.50949 = 0.96849, p = 0.949 − 0.096849
    sgd.step(params, grads(0.5, 0.0), 0.1);
    assertThat(p.getDouble(0)).isCloseTo(0.949 - 0.096849, offset(1e-12));
  }

  @Test
  void adamFirstStepMovesByTheLearningRate() {
    Optimizer adam = new Optimizer(OptimizerConfig.adam(0.01).withWeightDecay(0));
    INDArray p = Nd4j.createFromArray(1.0, 1.0);
    adam.step(Map.of("w", p), grads(3.0, -0.2), 0.01);
    // bias-corrected m / sqrt(v) = sign(g) on the first step
    assertThat(p.getDouble(0)).isCloseTo(0.99, offset(1e-7));
    assertThat(p.getDouble(1)).isCloseTo(1.01, offset(1e-7));
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    INDArray a = Nd4j.createFromArray(1.0, 2.0);
    INDArray b = a.dup();
    Optimizer first = new Optimizer(OptimizerConfig.sgd(0.1));
    first.step(Map.of("w", a), grads(1.0, -1.0), 0.1);
    Optimizer second = new Optimizer(OptimizerConfig.sgd(0.1));
    second.step(Map.of("w", b), grads(1.0, -1.0), 0.1);
    Optimizer resumed = new Optimizer(OptimizerConfig.sgd(0.1));
    resumed.restore(second.state());
    first.step(Map.of("w", a), grads(0.3, 0.7), 0.1);
    resumed.step(Map.of("w", b), grads(0.3, 0.7), 0.1);
    assertThat(b.toDoubleVector()).containsExactly(a.toDoubleVector(), offset(0.0));
    assertThat(resumed.steps()).isEqualTo(2);
  }

  @Test
  void learningRateIsDividedByTenAtFiftySeventyNinetyPercent() {
    OptimizerConfig c = OptimizerConfig.sgd(0.1);
    assertThat(c.learningRateAt(0, 10)).isCloseTo(0.1, offset(1e-15));
    assertThat(c.learningRateAt(4, 10)).isCloseTo(0.1, offset(1e-15));
    assertThat(c.learningRateAt(5, 10)).isCloseTo(0.01, offset(1e-15));
    assertThat(c.learningRateAt(7, 10)).isCloseTo(0.001, offset(1e-15));
    assertThat(c.learningRateAt(9, 10)).isCloseTo(0.0001, offset(1e-15));
  }

  @Test
  void badConfigNamesTheField() {
    assertThatThrownBy(
            () ->
                new OptimizerConfig(
                    OptimizerKind.SGD, 0.1, 1.5, 0, 0.9, 0.999, 1e-8, List.of(0.5), 0.1))
        .hasMessageContaining("momentum")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () ->
                new OptimizerConfig(
                    OptimizerKind.SGD, 0.1, 0.9, 0, 0.9, 0.999, 1e-8, List.of(0.7, 0.5), 0.1))
        .hasMessageContaining("milestones");
  }

  private static Map<String, INDArray> grads(double g0, double g1) {
    Map<String, INDArray> g = new HashMap<>();
    g.put("w", Nd4j.createFromArray(g0, g1));
    return g;
  }
}
