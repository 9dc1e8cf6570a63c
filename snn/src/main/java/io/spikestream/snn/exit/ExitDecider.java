package io.spikestream.snn.exit;

/**
 * The per-window, mutable side of an {@link ExitPolicy}: asked after every step whether to stop.
 * One per sensor window; {@link #reset()} for the next window. Allocation-free.
 */
public interface ExitDecider {

  /**
   * Called after step {@code t} (0-based) with the logits after that step (mean so far).
   *
   * @return true to emit the classification now and skip the remaining steps
   */
  boolean exitAfter(int t, double[] logits);

  /** Forgets the window seen so far. */
  void reset();
}
