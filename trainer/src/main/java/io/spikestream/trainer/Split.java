package io.spikestream.trainer;

/** Which part of a dataset a sample belongs to. Training never reads {@link #TEST}. */
public enum Split {
  /** Samples the network learns from. */
  TRAIN,
  /** Held-out samples for validation and evaluation. */
  TEST
}
