package io.spikestream.dvs.binning;

/** How a window of events is cut into timesteps. */
public enum WindowMode {
  /**
   * {@code T} equal bins over one recorded sample: bin {@code floor((t - s) * T / d)}, clamped to
   * {@code [0, T - 1]} (like Tonic's {@code ToFrame(n_time_bins=T)}).
   */
  N_BINS,
  /** Bins of a fixed width {@code dtMicros}, for live streams without sample boundaries. */
  FIXED_DT
}
