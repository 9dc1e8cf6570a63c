package io.spikestream.snn.train;

/**
 * Whether backpropagation follows the soft reset {@code u ← v − θ·s} through the spike {@code s}.
 *
 * <p>The authors' BNTT code builds the reset as a fresh tensor ({@code rst[mem_thr > 0] =
 * threshold}) outside the autograd graph, so the reset is detached: {@code ∂u/∂v = 1}. That is
 * {@link #DETACHED}, the default. {@link #FULL} adds the term {@code −θ·∂s/∂v}; it exists so that a
 * finite-difference check with a smooth spike ({@link SpikeFunction#SIGMOID}) can verify every path
 * of the backward pass.
 */
public enum ResetGradient {
  /** The authors' semantics: no gradient through the reset term. */
  DETACHED,
  /** Exact derivative of the soft reset, {@code ∂u/∂v = 1 − θ·∂s/∂v}. */
  FULL
}
