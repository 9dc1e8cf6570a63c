package io.spikestream.snn.exit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExitPolicyTest {

  /** Two BNTT layers (2 and 4 channels), T = 4, γ set by hand. */
  private static ModelParameters withGammas(float[] layer0, float[] layer1) {
    NetworkConfig c = NetworkConfig.of(Architecture.parse("c2-f4"), 2, 3, 3, 3, 4);
    return ModelParameters.initialise(c, 1)
        .with(ModelParameters.gammaName(0), layer0)
        .with(ModelParameters.gammaName(1), layer1);
  }

  @Test
  void bnttExitIsTheFirstStepWhoseMeanGammaIsBelowTheThreshold() {
    // layer 0 per-step channel means: 1, 0.5, 0.1, 0;   layer 1: 1, 0.3, 0.06, 0.02
    // mean over layers:               1, 0.4, 0.08, 0.01 -> first < 0.1 is t = 2.
    ModelParameters p =
        withGammas(
            new float[] {1, 1, 0.4f, 0.6f, 0.1f, 0.1f, 0, 0},
            new float[] {
              1, 1, 1, 1, 0.3f, 0.3f, 0.3f, 0.3f, 0, 0.24f, 0, 0, 0.02f, 0.02f, 0.02f, 0.02f
            });
    double[] mean = BnttExit.meanGammaPerStep(p);
    assertThat(mean[0]).isCloseTo(1, within(1e-6));
    assertThat(mean[1]).isCloseTo(0.4, within(1e-6));
    assertThat(mean[2]).isCloseTo(0.08, within(1e-6));
    assertThat(BnttExit.calibrate(p, 0.1)).isEqualTo(new BnttExit(2, 0.1));
    assertThat(BnttExit.calibrate(p, 0.5)).isEqualTo(new BnttExit(1, 0.5));
    assertThat(BnttExit.calibrate(p, 0.005).exitStep()).as("none below: T - 1").isEqualTo(3);
    ExitPolicy policy = BnttExit.calibrate(p, 0.1);
    ExitDecider d = policy.decider();
    assertThat(d.exitAfter(0, new double[3])).isFalse();
    assertThat(d.exitAfter(1, new double[3])).isFalse();
    assertThat(d.exitAfter(2, new double[3])).isTrue();
    assertThat(policy.exitStep(new double[4][3])).isEqualTo(2);
  }

  @Test
  void confidenceMatchesSoftmaxByHand() {
    // softmax([ln 3, ln 1, 0]) = [3, 1, 1] / 5 -> max 0.6, margin 0.4
    double[] logits = {Math.log(3), 0, 0};
    assertThat(ConfidenceExit.confidence(logits, ConfidenceCriterion.MAX_PROBABILITY))
        .isCloseTo(0.6, within(1e-12));
    assertThat(ConfidenceExit.confidence(logits, ConfidenceCriterion.MARGIN))
        .isCloseTo(0.4, within(1e-12));
    assertThat(
            ConfidenceExit.confidence(new double[] {1000, 0}, ConfidenceCriterion.MAX_PROBABILITY))
        .isCloseTo(1.0, within(1e-12));
  }

  @Test
  void confidenceExitNeedsKConsecutiveConfidentStepsFromMinStepOn() {
    double[] unsure = {0, 0, 0};
    double[] sure = {5, 0, 0}; // max prob = e^5 / (e^5 + 2) = 0.9867
    ConfidenceExit policy =
        new ConfidenceExit(
            new ConfidenceExitConfig(ConfidenceCriterion.MAX_PROBABILITY, 0.9, 2, 2));
    assertThat(policy.exitStep(new double[][] {sure, sure, sure, sure})).isEqualTo(2);
    assertThat(policy.exitStep(new double[][] {unsure, sure, unsure, sure, sure, unsure}))
        .isEqualTo(4);
    assertThat(policy.exitStep(new double[][] {sure, unsure, sure, unsure})).isEqualTo(3);
    ExitDecider d = policy.decider();
    assertThat(d.exitAfter(0, sure)).isFalse();
    assertThat(d.exitAfter(1, sure)).isFalse();
    d.reset();
    assertThat(d.exitAfter(2, sure)).as("run restarted by reset").isFalse();
    assertThat(d.exitAfter(3, sure)).isTrue();
    ConfidenceExit margin =
        new ConfidenceExit(new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 0.5, 0, 1));
    assertThat(margin.exitStep(new double[][] {{1, 0.9, 0}, {3, 0, 0}})).isEqualTo(1);
  }

  @Test
  void noExitRunsEveryStep() {
    double[][] window = new double[5][2];
    Arrays.fill(window, new double[] {100, 0});
    assertThat(ExitPolicy.none().exitStep(window)).isEqualTo(4);
    assertThat(ExitPolicy.none().kind()).isEqualTo(ExitKind.NONE);
  }

  @Test
  void configErrorsNameFieldAndValue() {
    assertThatThrownBy(() -> new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 1.5, 0, 1))
        .hasMessage("level must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 0.5, -1, 1))
        .hasMessage("minStep must be >= 0, got -1");
    assertThatThrownBy(() -> new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 0.5, 0, 0))
        .hasMessage("consecutive must be >= 1, got 0");
    assertThatThrownBy(() -> new BnttExit(-1, 0.1)).hasMessage("exitStep must be >= 0, got -1");
    assertThat(ConfidenceExitConfig.defaults())
        .isEqualTo(new ConfidenceExitConfig(ConfidenceCriterion.MAX_PROBABILITY, 0.9, 1, 2));
  }
}
