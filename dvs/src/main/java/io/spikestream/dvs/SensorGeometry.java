package io.spikestream.dvs;

/**
 * The pixel array of a sensor. Coordinates are 0-based, {@code 0 <= x < width}, {@code 0 <= y <
 * height}.
 *
 * @param width number of columns, 1..32767
 * @param height number of rows, 1..32767
 */
public record SensorGeometry(int width, int height) {

  /** Largest supported side; coordinates are carried as unsigned 16-bit values in packets. */
  public static final int MAX_SIDE = 32767;

  /** The DVS128 sensor of the CIFAR10-DVS recordings. */
  public static final SensorGeometry DVS128 = new SensorGeometry(128, 128);

  /** The ATIS crop of the N-MNIST recordings. */
  public static final SensorGeometry NMNIST = new SensorGeometry(34, 34);

  public SensorGeometry {
    if (width < 1 || width > MAX_SIDE) {
      throw new IllegalArgumentException("width must be in 1.." + MAX_SIDE + ", got " + width);
    }
    if (height < 1 || height > MAX_SIDE) {
      throw new IllegalArgumentException("height must be in 1.." + MAX_SIDE + ", got " + height);
    }
  }

  /** Whether (x, y) lies on the pixel array. */
  public boolean contains(int x, int y) {
    return x >= 0 && x < width && y >= 0 && y < height;
  }

  /** Number of pixels. */
  public int pixels() {
    return width * height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
