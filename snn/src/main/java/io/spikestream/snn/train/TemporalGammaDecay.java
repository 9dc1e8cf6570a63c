package io.spikestream.snn.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An optional L1 penalty on the BNTT γ that grows with the timestep: {@code λ · Σ_l Σ_t Σ_c
 * ((t+1)/T)² · |γ_l[t, c]|}. Not in the paper (Kim and Panda 2021), where γ of late timesteps falls
 * toward zero by itself over ~120 epochs of training; this penalty asks for the same outcome within
 * a few epochs by making every late timestep justify its γ against the loss. Timesteps the loss
 * needs keep their γ; the others fall below the BNTT exit threshold (DESIGN section 8), so the
 * γ-based exit step moves earlier. With {@code λ = 0} (the default) training is exactly the
 * paper's.
 *
 * <p>Applied as a subgradient, {@code λ ((t+1)/T)² sign(γ)}, added to the γ gradients before the
 * optimiser step (and so also subject to the learning-rate schedule and momentum).
 */
public final class TemporalGammaDecay {

  /** Suffix of the γ tensors among the trainable parameters (DESIGN section 9 names). */
  public static final String GAMMA_SUFFIX = ".bntt.gamma";

  private final double strength;

  /**
   * @param strength λ, {@code >= 0} and finite; 0 turns the penalty off
   */
  public TemporalGammaDecay(double strength) {
    if (!(strength >= 0) || Double.isInfinite(strength)) {
      throw new IllegalArgumentException("gammaDecay must be a finite value >= 0, got " + strength);
    }
    this.strength = strength;
  }

  public double strength() {
    return strength;
  }

  /** The weight of timestep {@code t} (0-based) of {@code timesteps}: {@code ((t+1)/T)²}. */
  public static double weight(int t, int timesteps) {
    double f = (t + 1.0) / timesteps;
    return f * f;
  }

  /** The penalty's value for the given parameters (for reporting). */
  public double penalty(Map<String, INDArray> parameters) {
    if (strength == 0) {
      return 0;
    }
    double sum = 0;
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      if (!e.getKey().endsWith(GAMMA_SUFFIX)) {
        continue;
      }
      INDArray gamma = e.getValue();
      int timesteps = (int) gamma.size(0);
      for (int t = 0; t < timesteps; t++) {
        sum += weight(t, timesteps) * gamma.getRow(t).norm1Number().doubleValue();
      }
    }
    return strength * sum;
  }

  /**
   * Adds the penalty's subgradient to every γ gradient in {@code gradients} (in place).
   *
   * @param parameters trainable parameters by name ({@code [T, C]} γ tensors)
   * @param gradients gradients by the same names
   */
  public void addTo(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
    if (strength == 0) {
      return;
    }
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      if (!e.getKey().endsWith(GAMMA_SUFFIX)) {
        continue;
      }
      INDArray gamma = e.getValue();
      INDArray grad = gradients.get(e.getKey());
      if (grad == null) {
        throw new IllegalStateException("no gradient for " + e.getKey());
      }
      int timesteps = (int) gamma.size(0);
      for (int t = 0; t < timesteps; t++) {
        INDArray sign = Transforms.sign(gamma.getRow(t), true);
        grad.getRow(t).addi(sign.muli(strength * weight(t, timesteps)));
      }
    }
  }
}
