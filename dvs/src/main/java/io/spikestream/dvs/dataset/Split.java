package io.spikestream.dvs.dataset;

/** Which part of a dataset to iterate. */
public enum Split {
  TRAIN,
  TEST,
  /** Every sample, train and test. */
  ALL
}
