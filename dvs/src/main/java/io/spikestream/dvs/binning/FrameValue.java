package io.spikestream.dvs.binning;

/** What a frame pixel holds. */
public enum FrameValue {
  /** Number of events that fell on the pixel in the bin. */
  COUNT,
  /** 1 if at least one event fell on the pixel in the bin, else 0. */
  BINARY
}
