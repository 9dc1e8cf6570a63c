package io.spikestream.dvs.binning;

import io.spikestream.dvs.SensorGeometry;

/**
 * Maps a sensor event to its index inside one frame (DESIGN section 6): channel = polarity (0 OFF,
 * 1 ON), {@code x' = floor(x * W' / W)}, {@code y' = floor(y * H' / H)}, index = {@link
 * BinningSpec#index(int, int, int)}. Lookup tables per axis make the mapping two loads and an add.
 * Immutable and thread-safe.
 */
public final class FrameMapper {

  private final SensorGeometry source;
  private final int frameSize;
  private final int channelStride;
  private final int[] xOffset;
  private final int[] yOffset;

  /**
   * @param spec output size (H', W') and channel layout
   * @param source the sensor's pixel array (W, H) that events come from
   */
  public FrameMapper(BinningSpec spec, SensorGeometry source) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    if (source == null) {
      throw new IllegalArgumentException("source geometry must not be null");
    }
    this.source = source;
    this.frameSize = spec.frameSize();
    this.channelStride = spec.height() * spec.width();
    this.xOffset = new int[source.width()];
    this.yOffset = new int[source.height()];
    for (int x = 0; x < source.width(); x++) {
      // floor(x * W' / W) in long: x * W' may exceed int for large sensors
      int xs = (int) ((long) x * spec.width() / source.width());
      assert xs >= 0 && xs < spec.width();
      xOffset[x] = xs;
    }
    for (int y = 0; y < source.height(); y++) {
      int ys = (int) ((long) y * spec.height() / source.height());
      assert ys >= 0 && ys < spec.height();
      yOffset[y] = ys * spec.width();
    }
  }

  /** The sensor geometry events are checked against. */
  public SensorGeometry source() {
    return source;
  }

  /** Floats in one frame ({@code 2 * H' * W'}). */
  public int frameSize() {
    return frameSize;
  }

  /**
   * Index of the event inside one frame, or -1 when (x, y) lies outside the source geometry (the
   * caller counts and drops it).
   */
  public int index(int x, int y, boolean on) {
    if (x < 0 || x >= xOffset.length || y < 0 || y >= yOffset.length) {
      return -1;
    }
    // channel 1 = ON, 0 = OFF (as Tonic); offset = channel * H' * W' + y' * W' + x'
    return (on ? channelStride : 0) + yOffset[y] + xOffset[x];
  }
}
