package io.spikestream.snn.exit;

/** What "confident" means for a {@link ConfidenceExit}. */
public enum ConfidenceCriterion {
  /** The largest softmax probability reaches the level. */
  MAX_PROBABILITY,
  /** The largest minus the second largest softmax probability reaches the level. */
  MARGIN
}
