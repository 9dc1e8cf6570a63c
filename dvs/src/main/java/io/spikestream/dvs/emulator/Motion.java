package io.spikestream.dvs.emulator;

/**
 * Where the image sits at a time: its offset in output pixels from the centred position. Pure
 * function of time.
 */
@FunctionalInterface
public interface Motion {

  /** Writes the offset {@code (dx, dy)} at {@code timeMicros} into {@code out[0], out[1]}. */
  void offsetAt(long timeMicros, double[] out);

  /** No motion: a static image (a DVS sees nothing but noise). */
  static Motion still() {
    return (t, out) -> {
      out[0] = 0;
      out[1] = 0;
    };
  }

  /**
   * Straight saccades through {@code vertices} (x0, y0, x1, y1, ...; the path closes back to the
   * first), each lasting {@code saccadeMicros} with a raised-cosine speed profile (still at the
   * vertices, fastest mid-way), as the N-MNIST pan-tilt unit moved the sensor.
   */
  static Motion saccades(double[] vertices, long saccadeMicros) {
    if (vertices.length < 4 || vertices.length % 2 != 0) {
      throw new IllegalArgumentException(
          "vertices must hold at least two (x, y) pairs, got " + vertices.length + " values");
    }
    if (saccadeMicros < 1) {
      throw new IllegalArgumentException("saccadeMicros must be >= 1, got " + saccadeMicros);
    }
    double[] v = vertices.clone();
    int n = v.length / 2;
    return (t, out) -> {
      long clamped = Math.max(0, t);
      int k = (int) Math.min(n, clamped / saccadeMicros);
      if (k >= n) {
        out[0] = v[0];
        out[1] = v[1];
        return;
      }
      double phase = (double) (clamped - k * saccadeMicros) / saccadeMicros;
      double s = 0.5 - 0.5 * Math.cos(Math.PI * phase); // 0..1, zero speed at both ends
      int a = k;
      int b = (k + 1) % n;
      out[0] = v[2 * a] + s * (v[2 * b] - v[2 * a]);
      out[1] = v[2 * a + 1] + s * (v[2 * b + 1] - v[2 * a + 1]);
    };
  }

  /**
   * A closed Lissajous loop {@code dx = ax sin(2 pi t / P)}, {@code dy = ay sin(4 pi t / P)}
   * repeated every {@code periodMicros} (a figure eight; smooth, so the whole image keeps moving).
   */
  static Motion loop(double ax, double ay, long periodMicros) {
    if (periodMicros < 1) {
      throw new IllegalArgumentException("periodMicros must be >= 1, got " + periodMicros);
    }
    return (t, out) -> {
      double phase = 2 * Math.PI * Math.floorMod(t, periodMicros) / periodMicros;
      out[0] = ax * Math.sin(phase);
      out[1] = ay * Math.sin(2 * phase);
    };
  }
}
