package io.spikestream.snn.exit;

/** Which early-exit rule a model or a stream uses (DESIGN section 8). */
public enum ExitKind {
  /** Run all T timesteps. */
  NONE,
  /** Stop after the model's calibrated BNTT exit step. */
  BNTT,
  /** Stop when the running softmax is confident enough for k consecutive steps. */
  CONFIDENCE
}
