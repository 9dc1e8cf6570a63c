package io.spikestream.dvs.binning;

/**
 * How events become frames (DESIGN section 6): {@code timesteps} frames of {@code 2 x height x
 * width} floats, channel 0 = OFF, channel 1 = ON. Travels inside the model artifact so that the
 * stream bins exactly as training did.
 *
 * @param timesteps T, number of frames per window, >= 1
 * @param window how a window is cut into bins
 * @param dtMicros bin width for {@link WindowMode#FIXED_DT}; ignored (0) for {@link
 *     WindowMode#N_BINS}
 * @param height output rows (the sensor's rows are scaled down to these)
 * @param width output columns
 * @param value what a pixel of a frame holds
 */
public record BinningSpec(
    int timesteps, WindowMode window, long dtMicros, int height, int width, FrameValue value) {

  /** Frames have two channels: 0 = OFF, 1 = ON (as Tonic). */
  public static final int CHANNELS = 2;

  public BinningSpec {
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps must be >= 1, got " + timesteps);
    }
    if (window == null) {
      throw new IllegalArgumentException("window must be N_BINS or FIXED_DT, got null");
    }
    if (window == WindowMode.FIXED_DT && dtMicros < 1) {
      throw new IllegalArgumentException("dtMicros must be >= 1 for FIXED_DT, got " + dtMicros);
    }
    if (window == WindowMode.N_BINS && dtMicros != 0) {
      throw new IllegalArgumentException("dtMicros must be 0 for N_BINS, got " + dtMicros);
    }
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, got " + height);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (value == null) {
      throw new IllegalArgumentException("value must be COUNT or BINARY, got null");
    }
  }

  /** N_BINS over one recorded sample. */
  public static BinningSpec nBins(int timesteps, int height, int width, FrameValue value) {
    return new BinningSpec(timesteps, WindowMode.N_BINS, 0L, height, width, value);
  }

  /** FIXED_DT windows of {@code timesteps} bins of {@code dtMicros} each. */
  public static BinningSpec fixedDt(
      int timesteps, long dtMicros, int height, int width, FrameValue value) {
    return new BinningSpec(timesteps, WindowMode.FIXED_DT, dtMicros, height, width, value);
  }

  /** Floats in one frame: {@code 2 * height * width}. */
  public int frameSize() {
    return CHANNELS * height * width;
  }

  /** Index of (channel, y, x) in a flat frame, C order {@code [2][height][width]}. */
  public int index(int channel, int y, int x) {
    return (channel * height + y) * width + x;
  }
}
