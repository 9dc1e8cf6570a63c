package io.spikestream.snn.exit;

import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import java.util.List;

/**
 * The paper's BNTT early exit (Kim and Panda 2021, section "early exit"; DESIGN section 8): after
 * training, the learnt γ fall toward zero for late timesteps, so the timesteps after the first one
 * whose mean γ is below a threshold add little. One exit step per model, stored in the artifact
 * with the threshold.
 *
 * <p>Convention: {@code exitStep} is 0-based and inclusive — the network runs steps {@code 0 ..
 * exitStep} ({@code exitStep + 1} timesteps), as the paper counts its exit time.
 *
 * @param exitStep 0-based step after which to stop, >= 0
 * @param gammaThreshold the threshold it was calibrated with, > 0
 */
public record BnttExit(int exitStep, double gammaThreshold) implements ExitPolicy {

  /** DESIGN section 8: default γ threshold. */
  public static final double DEFAULT_GAMMA_THRESHOLD = 0.1;

  public BnttExit {
    if (exitStep < 0) {
      throw new IllegalArgumentException("exitStep must be >= 0, got " + exitStep);
    }
    if (!(gammaThreshold > 0) || Double.isInfinite(gammaThreshold)) {
      throw new IllegalArgumentException(
          "gammaThreshold must be > 0 and finite, got " + gammaThreshold);
    }
  }

  /**
   * Mean γ per timestep: for each BNTT layer the mean over its channels, then the mean over layers.
   *
   * @return {@code [T]}
   */
  public static double[] meanGammaPerStep(ModelParameters parameters) {
    List<LayerShape> layers = parameters.config().weightLayers();
    int timesteps = parameters.config().timesteps();
    double[] mean = new double[timesteps];
    for (LayerShape layer : layers) {
      float[] gamma = parameters.gamma(layer.weightIndex());
      int c = layer.outChannels();
      for (int t = 0; t < timesteps; t++) {
        double sum = 0;
        for (int j = 0; j < c; j++) {
          sum += gamma[t * c + j];
        }
        mean[t] += sum / c / layers.size();
      }
    }
    return mean;
  }

  /**
   * Calibrates the exit step: the first t whose mean γ ({@link #meanGammaPerStep}) is below {@code
   * gammaThreshold}, or T − 1 if none is.
   */
  public static BnttExit calibrate(ModelParameters parameters, double gammaThreshold) {
    if (!(gammaThreshold > 0) || Double.isInfinite(gammaThreshold)) {
      throw new IllegalArgumentException(
          "gammaThreshold must be > 0 and finite, got " + gammaThreshold);
    }
    double[] mean = meanGammaPerStep(parameters);
    for (int t = 0; t < mean.length; t++) {
      if (mean[t] < gammaThreshold) {
        return new BnttExit(t, gammaThreshold);
      }
    }
    return new BnttExit(mean.length - 1, gammaThreshold);
  }

  @Override
  public ExitKind kind() {
    return ExitKind.BNTT;
  }

  @Override
  public ExitDecider decider() {
    int step = exitStep;
    return new ExitDecider() {
      @Override
      public boolean exitAfter(int t, double[] logits) {
        return t >= step;
      }

      @Override
      public void reset() {}
    };
  }
}
