package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hot-pixel mask: drops every event of masked pixels. The mask is an explicit list and/or learnt
 * from a calibration period: the events of the first {@code calibrationMicros} of event time (from
 * the first event seen) are counted per pixel; when an event at or after the period's end arrives,
 * every pixel whose count exceeds {@code factor} times the median count of the pixels that fired
 * (pixels that never fired would make the median 0 on a sparse sensor) is added to the mask. During
 * calibration events pass, except those of explicitly listed pixels (jAER's HotPixelFilter also
 * learns first and masks afterwards).
 */
public final class HotPixelFilter implements EventFilter {

  /** One pixel of the explicit list. */
  public record Pixel(int x, int y) {
    public Pixel {
      if (x < 0 || y < 0) {
        throw new IllegalArgumentException(
            "hotpixel.pixel must have x, y >= 0, got " + x + "/" + y);
      }
    }

    @Override
    public String toString() {
      return x + "/" + y;
    }
  }

  /**
   * @param pixels pixels always masked (may be empty)
   * @param calibrationMicros length of the calibration period; 0 = no automatic mask
   * @param factor a pixel is hot when it fired more than {@code factor} × the median count (> 1)
   */
  public record Config(List<Pixel> pixels, long calibrationMicros, double factor)
      implements FilterSpec {

    /** Default factor: 10 × the median rate. */
    public static final double DEFAULT_FACTOR = 10.0;

    public Config {
      if (pixels == null) {
        throw new IllegalArgumentException("hotpixel.pixel list must be set, got null");
      }
      pixels = List.copyOf(pixels);
      if (calibrationMicros != 0) {
        FilterSpecs.requireMicros("hotpixel.calibrate", calibrationMicros);
      }
      if (!(factor > 1.0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("hotpixel.k must be a number > 1, got " + factor);
      }
      if (pixels.isEmpty() && calibrationMicros == 0) {
        throw new IllegalArgumentException(
            "hotpixel needs pixel=X/Y entries and/or calibrate=DURATION, got neither");
      }
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      for (Pixel p : pixels) {
        if (!input.contains(p.x(), p.y())) {
          throw new IllegalArgumentException(
              "hotpixel.pixel " + p + " lies outside the " + input + " sensor");
        }
      }
      return new HotPixelFilter(this, input);
    }

    @Override
    public String toSpec() {
      StringBuilder s = new StringBuilder("hotpixel:");
      s.append(pixels.stream().map(p -> "pixel=" + p).collect(Collectors.joining(",")));
      if (calibrationMicros > 0) {
        if (!pixels.isEmpty()) {
          s.append(',');
        }
        s.append("calibrate=").append(FilterSpecs.formatMicros(calibrationMicros));
        s.append(",k=").append(factor);
      }
      return s.toString();
    }
  }

  private final Config config;
  private final SensorGeometry geometry;
  private final int width;
  private final boolean[] masked;
  private final int[] counts;
  private final int[] scratch;
  private boolean calibrating;
  private boolean started;
  private long calibrationEndMicros;
  private int learnt;

  private HotPixelFilter(Config config, SensorGeometry geometry) {
    this.config = config;
    this.geometry = geometry;
    this.width = geometry.width();
    this.masked = new boolean[geometry.pixels()];
    boolean learn = config.calibrationMicros() > 0;
    this.counts = learn ? new int[geometry.pixels()] : new int[0];
    this.scratch = learn ? new int[geometry.pixels()] : new int[0];
    reset();
  }

  @Override
  public SensorGeometry inputGeometry() {
    return geometry;
  }

  @Override
  public SensorGeometry outputGeometry() {
    return geometry;
  }

  @Override
  public void reset() {
    Arrays.fill(masked, false);
    for (Pixel p : config.pixels()) {
      masked[p.y() * width + p.x()] = true;
    }
    Arrays.fill(counts, 0);
    calibrating = config.calibrationMicros() > 0;
    started = false;
    learnt = 0;
  }

  /** Whether the calibration period is still running. */
  public boolean calibrating() {
    return calibrating;
  }

  /** Whether events of (x, y) are dropped now. */
  public boolean isMasked(int x, int y) {
    return geometry.contains(x, y) && masked[y * width + x];
  }

  /** Number of pixels the calibration added to the mask (0 before it ended). */
  public int learntPixels() {
    return learnt;
  }

  @Override
  public int apply(EventBatch batch) {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int pixel = ys[i] * width + xs[i];
      assert pixel >= 0 && pixel < masked.length : "event off the geometry: " + pixel;
      long t = ts[i];
      if (calibrating) {
        if (!started) {
          started = true;
          calibrationEndMicros = t + config.calibrationMicros();
        }
        if (t >= calibrationEndMicros) {
          finishCalibration();
        } else {
          counts[pixel]++;
        }
      }
      if (!masked[pixel]) {
        xs[kept] = xs[i];
        ys[kept] = ys[i];
        ps[kept] = ps[i];
        ts[kept] = t;
        kept++;
      }
    }
    batch.setSize(kept);
    return n - kept;
  }

  /** Masks pixels that fired more than factor × the median count of the pixels that fired. */
  private void finishCalibration() {
    calibrating = false;
    int active = 0;
    for (int c : counts) {
      if (c > 0) {
        scratch[active++] = c;
      }
    }
    if (active == 0) {
      return;
    }
    Arrays.sort(scratch, 0, active);
    // the median of an even count is the mean of the two middle values
    double median =
        (active & 1) == 1
            ? scratch[active / 2]
            : (scratch[active / 2 - 1] + (double) scratch[active / 2]) / 2.0;
    double limit = config.factor() * median;
    for (int p = 0; p < counts.length; p++) {
      if (counts[p] > limit && !masked[p]) {
        masked[p] = true;
        learnt++;
      }
    }
  }
}
