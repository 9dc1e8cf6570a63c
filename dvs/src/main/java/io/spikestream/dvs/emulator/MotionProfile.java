package io.spikestream.dvs.emulator;

import io.spikestream.dvs.SensorGeometry;

/** The two recordings the emulator imitates: output geometry, image placement, motion, length. */
public enum MotionProfile {
  /**
   * N-MNIST (Orchard et al. 2015): 34x34 output, the 28x28 image centred at scale 1, three saccades
   * of 102 ms along a triangle (a few pixels wide), 306 ms per sample.
   */
  NMNIST(SensorGeometry.NMNIST, 306_000L) {
    @Override
    public Motion motion(double amplitude) {
      double a = amplitude;
      return Motion.saccades(new double[] {-a, -0.6 * a, a, -0.6 * a, 0, 1.1 * a}, 102_000L);
    }

    @Override
    public double scale(int imageWidth, int imageHeight) {
      return 1.0;
    }
  },
  /**
   * CIFAR10-DVS (Li et al. 2017): 128x128 DVS128 output, the image upscaled to about 7/8 of the
   * view, a closed figure-eight loop of 325 ms repeated 4 times, 1.3 s per sample.
   */
  CIFAR10DVS(SensorGeometry.DVS128, 1_300_000L) {
    @Override
    public Motion motion(double amplitude) {
      return Motion.loop(amplitude, 0.6 * amplitude, 325_000L);
    }

    @Override
    public double scale(int imageWidth, int imageHeight) {
      return 112.0 / Math.max(imageWidth, imageHeight);
    }
  };

  private final SensorGeometry geometry;
  private final long durationMicros;

  MotionProfile(SensorGeometry geometry, long durationMicros) {
    this.geometry = geometry;
    this.durationMicros = durationMicros;
  }

  /** Output pixel array. */
  public SensorGeometry geometry() {
    return geometry;
  }

  /** Length of one sample. */
  public long durationMicros() {
    return durationMicros;
  }

  /** The path of the image, {@code amplitude} in output pixels. */
  public abstract Motion motion(double amplitude);

  /** Output pixels per image pixel for an image of this size. */
  public abstract double scale(int imageWidth, int imageHeight);
}
