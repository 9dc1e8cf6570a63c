package io.spikestream.dvs.binning;

/**
 * Receives the timesteps of a {@link StreamBinner} as their bins close, in timestep order.
 *
 * <p>The frame passed to {@link #binClosed} is the binner's own storage: read {@code frameSize}
 * floats from {@code offset}, copy what must outlive the call, never modify it.
 */
public interface BinListener {

  /** Ignores everything (for callers that only advance state). */
  BinListener NONE = (timestep, frames, offset) -> {};

  /**
   * Bin {@code timestep} is complete: no later event can change it.
   *
   * @param timestep 0-based index within the window
   * @param frames storage holding the frame, C order {@code [2][H'][W']}
   * @param offset start of the frame in {@code frames}
   */
  void binClosed(int timestep, float[] frames, int offset);

  /**
   * All {@code T} bins of the window starting at {@code windowStartMicros} are closed (called after
   * the last {@link #binClosed}); the binner clears its frames after this returns.
   */
  default void windowClosed(long windowStartMicros) {}
}
