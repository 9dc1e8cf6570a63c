package io.spikestream.snn.train;

/**
 * The spike non-linearity {@code s = f(u)} of a LIF neuron and the derivative used in the backward
 * pass.
 */
public enum SpikeFunction {
  /**
   * The real neuron (DESIGN section 7): {@code s = H(u - θ)} with strict {@code >}; the backward
   * pass uses the authors' linear surrogate. Their code spikes on {@code x = u/θ - 1} with {@code
   * ∂s/∂x = 0.3 · max(0, 1 - |x|)}, so by the chain rule {@code ∂s/∂u = 0.3 · max(0, 1 - |u/θ - 1|)
   * / θ}; with the default θ = 1 this is exactly DESIGN's {@code 0.3 · max(0, 1 - |u/θ - 1|)}.
   */
  HEAVISIDE {
    @Override
    public double spike(double u, double threshold) {
      return u > threshold ? 1.0 : 0.0;
    }

    @Override
    public double derivative(double u, double threshold) {
      double x = u / threshold - 1.0;
      return 0.3 * Math.max(0.0, 1.0 - Math.abs(x)) / threshold;
    }
  },
  /**
   * Test mode for finite-difference gradient checks: a smooth {@code s = σ(4 (u - θ) / θ)} whose
   * exact derivative is the backward pass, so numerical and analytical gradients must agree.
   */
  SIGMOID {
    @Override
    public double spike(double u, double threshold) {
      return 1.0 / (1.0 + Math.exp(-SLOPE * (u - threshold) / threshold));
    }

    @Override
    public double derivative(double u, double threshold) {
      double s = spike(u, threshold);
      return SLOPE / threshold * s * (1.0 - s);
    }
  };

  private static final double SLOPE = 4.0;

  /** The spike output for membrane potential {@code u} (before reset). */
  public abstract double spike(double u, double threshold);

  /** {@code ∂s/∂u} as used by the backward pass (a surrogate for {@link #HEAVISIDE}). */
  public abstract double derivative(double u, double threshold);
}
