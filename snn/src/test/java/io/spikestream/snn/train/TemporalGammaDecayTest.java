package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TemporalGammaDecayTest {

  private static Map<String, INDArray> params() {
    Map<String, INDArray> p = new LinkedHashMap<>();
    // T = 2, C = 2
    p.put("layers.0.bntt.gamma", Nd4j.createFromArray(new double[][] {{0.5, -0.25}, {1.0, 0.0}}));
    p.put("layers.0.weight", Nd4j.ones(DataType.DOUBLE, 3));
    return p;
  }

  private static Map<String, INDArray> zeroGrads(Map<String, INDArray> params) {
    Map<String, INDArray> g = new LinkedHashMap<>();
    params.forEach((k, v) -> g.put(k, Nd4j.zeros(DataType.DOUBLE, v.shape())));
    return g;
  }

  @Test
  void weightsGrowQuadraticallyWithTheTimestep() {
    assertThat(TemporalGammaDecay.weight(0, 4)).isEqualTo(1.0 / 16);
    assertThat(TemporalGammaDecay.weight(1, 4)).isEqualTo(4.0 / 16);
    assertThat(TemporalGammaDecay.weight(3, 4)).isEqualTo(1.0);
  }

  @Test
  void penaltyAndSubgradientByHand() {
    TemporalGammaDecay decay = new TemporalGammaDecay(0.1);
    Map<String, INDArray> p = params();
    // t=0: weight 1/4, |0.5|+|-0.25| = 0.75; t=1: weight 1, |1|+|0| = 1 -> 0.1 * (0.1875 + 1)
    assertThat(decay.penalty(p)).isCloseTo(0.11875, within(1e-12));
    Map<String, INDArray> g = zeroGrads(p);
    g.get("layers.0.bntt.gamma").putScalar(0, 0, 1.0);
    decay.addTo(p, g);
    INDArray gg = g.get("layers.0.bntt.gamma");
    assertThat(gg.getDouble(0, 0)).isCloseTo(1.0 + 0.025, within(1e-12));
    assertThat(gg.getDouble(0, 1)).isCloseTo(-0.025, within(1e-12));
    assertThat(gg.getDouble(1, 0)).isCloseTo(0.1, within(1e-12));
    assertThat(gg.getDouble(1, 1)).isZero(); // sign(0) = 0
    assertThat(g.get("layers.0.weight").sumNumber().doubleValue()).isZero();
  }

  @Test
  void subgradientMatchesTheFiniteDifferenceOfThePenalty() {
    TemporalGammaDecay decay = new TemporalGammaDecay(0.3);
    Map<String, INDArray> p = params();
    Map<String, INDArray> g = zeroGrads(p);
    decay.addTo(p, g);
    INDArray gamma = p.get("layers.0.bntt.gamma");
    double h = 1e-6;
    for (int t = 0; t < 2; t++) {
      for (int c = 0; c < 2; c++) {
        if (gamma.getDouble(t, c) == 0) {
          continue; // not differentiable at 0
        }
        double v = gamma.getDouble(t, c);
        gamma.putScalar(t, c, v + h);
        double plus = decay.penalty(p);
        gamma.putScalar(t, c, v - h);
        double minus = decay.penalty(p);
        gamma.putScalar(t, c, v);
        assertThat(g.get("layers.0.bntt.gamma").getDouble(t, c))
            .isCloseTo((plus - minus) / (2 * h), within(1e-6));
      }
    }
  }

  @Test
  void zeroStrengthChangesNothingAndBadStrengthIsRefused() {
    Map<String, INDArray> p = params();
    Map<String, INDArray> g = zeroGrads(p);
    new TemporalGammaDecay(0).addTo(p, g);
    assertThat(g.get("layers.0.bntt.gamma").norm1Number().doubleValue()).isZero();
    assertThatThrownBy(() -> new TemporalGammaDecay(-1))
        .hasMessageContaining("gammaDecay must be a finite value >= 0, got -1");
    assertThatThrownBy(() -> new TemporalGammaDecay(Double.NaN)).hasMessageContaining("NaN");
  }
}
