package io.spikestream.snn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelParametersTest {

  private static final NetworkConfig CONFIG =
      NetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f32"), 2, 34, 34, 10, 6);

  @Test
  void namesAndShapesAreTheArtifactOnes() {
    Map<String, int[]> shapes = ModelParameters.expectedShapes(CONFIG);
    assertThat(shapes.keySet())
        .containsExactly(
            "layers.0.weight",
            "layers.0.bntt.gamma",
            "layers.0.bntt.runningMean",
            "layers.0.bntt.runningVar",
            "layers.1.weight",
            "layers.1.bntt.gamma",
            "layers.1.bntt.runningMean",
            "layers.1.bntt.runningVar",
            "layers.2.weight",
            "layers.2.bntt.gamma",
            "layers.2.bntt.runningMean",
            "layers.2.bntt.runningVar",
            "output.weight");
    assertThat(shapes.get("layers.0.weight")).containsExactly(8, 2, 3, 3);
    assertThat(shapes.get("layers.1.weight")).containsExactly(16, 8, 3, 3);
    assertThat(shapes.get("layers.2.weight")).containsExactly(32, 1024);
    assertThat(shapes.get("layers.1.bntt.gamma")).containsExactly(6, 16);
    assertThat(shapes.get("output.weight")).containsExactly(10, 32);
  }

  @Test
  void initialiserIsXavierGainTwoWithNeutralBntt() {
    ModelParameters p = ModelParameters.initialise(CONFIG, 3);
    // conv 0: fanIn = 2*9, fanOut = 8*9; bound = 2 * sqrt(6 / 90).
    double bound0 = 2 * Math.sqrt(6.0 / (18 + 72));
    float[] w0 = p.weight(0);
    double maxAbs = 0;
    double sumSq = 0;
    for (float v : w0) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
      sumSq += v * v;
    }
    assertThat(maxAbs).isLessThanOrEqualTo(bound0).isGreaterThan(0.8 * bound0);
    // linear 2: U(-a, a) has variance a^2 / 3.
    double bound2 = 2 * Math.sqrt(6.0 / (1024 + 32));
    float[] w2 = p.weight(2);
    double var2 = 0;
    for (float v : w2) {
      var2 += v * v;
    }
    assertThat(var2 / w2.length)
        .isCloseTo(bound2 * bound2 / 3, org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(sumSq).isPositive();
    assertThat(p.gamma(1)).containsOnly(1f);
    assertThat(p.runningMean(1)).containsOnly(0f);
    assertThat(p.runningVar(1)).containsOnly(1f);
    assertThat(ModelParameters.initialise(CONFIG, 3).weight(1)).containsExactly(p.weight(1));
    assertThat(ModelParameters.initialise(CONFIG, 4).weight(1)).isNotEqualTo(p.weight(1));
  }

  @Test
  void validationSaysWhichTensorIsWrong() {
    Map<String, float[]> t = ModelParameters.initialise(CONFIG, 1).tensors();
    t.put("layers.1.weight", new float[5]);
    assertThatThrownBy(() -> ModelParameters.of(CONFIG, t))
        .hasMessage("tensor 'layers.1.weight' has 5 values, expected 1152 for shape [16, 8, 3, 3]");
    Map<String, float[]> missing = ModelParameters.initialise(CONFIG, 1).tensors();
    missing.remove("layers.2.bntt.gamma");
    assertThatThrownBy(() -> ModelParameters.of(CONFIG, missing))
        .hasMessage("missing tensor 'layers.2.bntt.gamma'");
    Map<String, float[]> extra = ModelParameters.initialise(CONFIG, 1).tensors();
    extra.put("layers.3.weight", new float[1]);
    assertThatThrownBy(() -> ModelParameters.of(CONFIG, extra))
        .hasMessageStartingWith("unexpected tensor 'layers.3.weight'");
    Map<String, float[]> negative = ModelParameters.initialise(CONFIG, 1).tensors();
    negative.get("layers.0.bntt.runningVar")[7] = -1f;
    assertThatThrownBy(() -> ModelParameters.of(CONFIG, negative))
        .hasMessageContaining("negative variance");
  }

  @Test
  void accessorsHandOutCopies() {
    ModelParameters p = ModelParameters.initialise(CONFIG, 1);
    p.weight(0)[0] = 99f;
    assertThat(p.weight(0)[0]).isNotEqualTo(99f);
  }
}
