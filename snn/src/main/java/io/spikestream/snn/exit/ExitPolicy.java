package io.spikestream.snn.exit;

/**
 * An early-exit rule (DESIGN section 8), usable step by step by the stream ({@link #decider()}) and
 * for whole windows by evaluation ({@link #exitStep}). Immutable.
 */
public sealed interface ExitPolicy permits NoExit, BnttExit, ConfidenceExit {

  /** The rule's kind. */
  ExitKind kind();

  /** A fresh decider for one window. */
  ExitDecider decider();

  /**
   * The 0-based step after which this policy exits, given the logits after every step of a window
   * ({@code [steps][classes]}); the last step when it never asks to stop.
   */
  default int exitStep(double[][] stepLogits) {
    if (stepLogits.length == 0) {
      throw new IllegalArgumentException("window has no steps");
    }
    ExitDecider d = decider();
    for (int t = 0; t < stepLogits.length; t++) {
      if (d.exitAfter(t, stepLogits[t])) {
        return t;
      }
    }
    return stepLogits.length - 1;
  }

  /** Runs all steps. */
  static ExitPolicy none() {
    return NoExit.INSTANCE;
  }
}
