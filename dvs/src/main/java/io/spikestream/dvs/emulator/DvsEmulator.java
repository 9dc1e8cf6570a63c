package io.spikestream.dvs.emulator;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.images.GrayImage;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns a still image into the events a DVS would record while the image moves on a screen in front
 * of it (the way N-MNIST and CIFAR10-DVS were recorded), in the spirit of ESIM and v2e:
 *
 * <ol>
 *   <li>Render: every {@code stepMicros} the image, placed by the profile (centred, scaled) and
 *       shifted by the motion's sub-pixel offset, is sampled at each output pixel centre by
 *       bilinear interpolation of its log intensity {@code ln(darkLevel + I)}; outside the image
 *       the screen shows {@code background}. (Interpolating log intensity instead of intensity
 *       saves a logarithm per pixel and step; at these offsets of a fraction of a pixel per step
 *       the two differ little.)
 *   <li>Fire: each pixel remembers the log intensity {@code L_ref} of its last event. When {@code L
 *       - L_ref >= C_on(pixel)} it fires {@code n = floor((L - L_ref) / C_on)} ON events (OFF
 *       likewise with {@code C_off}), the k-th at the time where the linear interpolation between
 *       the previous and the current step crosses {@code L_ref + k C_on}; {@code L_ref} moves by
 *       {@code n C_on}. Thresholds carry a fixed per-pixel Gaussian mismatch (the sensor, from the
 *       seed); {@code L_ref} starts at the first rendering, so a still image fires nothing.
 *   <li>Refractory: an event less than {@code refractoryMicros} after the pixel's previous event is
 *       suppressed (its crossing still moves {@code L_ref}).
 *   <li>Noise: background-activity events at {@code noiseRateHz} per pixel, uniform in time and
 *       polarity, also subject to the refractory period.
 * </ol>
 *
 * <p>Deterministic: the sensor's mismatch comes from the seed, each sample's randomness (motion
 * jitter, noise) from {@code seed} mixed with the sample index, so samples can be emulated in any
 * order and on any number of threads. Events come out in time order, timestamps in {@code (0,
 * duration]}. Thread-safe (no mutable fields).
 */
public final class DvsEmulator {

  private final EmulatorConfig config;
  private final long seed;
  private final SensorGeometry geometry;
  private final float[] onThreshold;
  private final float[] offThreshold;

  public DvsEmulator(EmulatorConfig config, long seed) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.seed = seed;
    this.geometry = config.profile().geometry();
    int pixels = geometry.pixels();
    onThreshold = new float[pixels];
    offThreshold = new float[pixels];
    SplittableRandom sensor = new SplittableRandom(mix(seed, -1L));
    for (int p = 0; p < pixels; p++) {
      // mismatch clamped so that no pixel fires on every tiny change
      onThreshold[p] =
          (float)
              Math.max(
                  0.2 * config.onThreshold(),
                  config.onThreshold() + config.thresholdSigma() * sensor.nextGaussian());
      offThreshold[p] =
          (float)
              Math.max(
                  0.2 * config.offThreshold(),
                  config.offThreshold() + config.thresholdSigma() * sensor.nextGaussian());
    }
  }

  public EmulatorConfig config() {
    return config;
  }

  public long seed() {
    return seed;
  }

  /** Output pixel array (the profile's). */
  public SensorGeometry geometry() {
    return geometry;
  }

  /**
   * Emulates sample {@code sampleIndex}: the profile's motion with the amplitude jittered per
   * sample, for the profile's duration.
   */
  public EventBatch emulate(GrayImage image, long sampleIndex) {
    SplittableRandom random = new SplittableRandom(mix(seed, sampleIndex));
    double amplitude =
        config.amplitude() * (1 + config.amplitudeJitter() * (2 * random.nextDouble() - 1));
    return emulate(
        image, config.profile().motion(amplitude), config.profile().durationMicros(), random);
  }

  /** Emulates {@code image} moving along {@code motion} for {@code durationMicros}. */
  public EventBatch emulate(
      GrayImage image, Motion motion, long durationMicros, SplittableRandom random) {
    if (durationMicros < 1) {
      throw new IllegalArgumentException("durationMicros must be >= 1, got " + durationMicros);
    }
    int width = geometry.width();
    int height = geometry.height();
    int pixels = width * height;
    long step = config.stepMicros();
    long refractory = config.refractoryMicros();
    float logBackground = (float) Math.log(config.darkLevel() + config.background());
    float[] logImage = logImage(image, logBackground);
    double scale = config.profile().scale(image.width(), image.height());

    float[] previous = new float[pixels];
    float[] current = new float[pixels];
    float[] reference = new float[pixels];
    long[] lastEvent = new long[pixels];
    Arrays.fill(lastEvent, Long.MIN_VALUE / 2);
    double[] offset = new double[2];
    int[] u0s = new int[width];
    float[] fus = new float[width];

    motion.offsetAt(0, offset);
    render(logImage, image, logBackground, scale, offset, u0s, fus, current);
    System.arraycopy(current, 0, reference, 0, pixels);

    EventBatch out = new EventBatch(8192);
    StepBuffer buffer = new StepBuffer();
    double noisePerStep = config.noiseRateHz() * pixels * step / 1e6;
    for (long t0 = 0; t0 < durationMicros; t0 += step) {
      long t1 = Math.min(durationMicros, t0 + step);
      long span = t1 - t0;
      float[] swap = previous;
      previous = current;
      current = swap;
      motion.offsetAt(t1, offset);
      render(logImage, image, logBackground, scale, offset, u0s, fus, current);
      buffer.clear();
      for (int p = 0; p < pixels; p++) {
        float level = current[p];
        float ref = reference[p];
        float diff = level - ref;
        boolean on;
        float threshold;
        if (diff >= onThreshold[p]) {
          on = true;
          threshold = onThreshold[p];
        } else if (-diff >= offThreshold[p]) {
          on = false;
          threshold = offThreshold[p];
        } else {
          continue;
        }
        int crossings = (int) (Math.abs(diff) / threshold);
        float signedThreshold = on ? threshold : -threshold;
        float from = previous[p];
        float change = level - from;
        for (int k = 1; k <= crossings; k++) {
          float crossing = ref + k * signedThreshold;
          // time of the crossing on the straight line from the previous step's level
          double fraction = change == 0f ? 1.0 : (crossing - from) / change;
          fraction = Math.min(1.0, Math.max(0.0, fraction));
          long time = t0 + Math.max(1, Math.round(fraction * span));
          if (time - lastEvent[p] >= refractory) {
            lastEvent[p] = time;
            buffer.add(p, on, time - t0);
          }
        }
        reference[p] = ref + crossings * signedThreshold;
      }
      int noise = poisson(random, noisePerStep * span / step);
      for (int i = 0; i < noise; i++) {
        int p = random.nextInt(pixels);
        long time = t0 + 1 + random.nextLong(span);
        boolean on = random.nextBoolean();
        if (time - lastEvent[p] >= refractory) {
          lastEvent[p] = time;
          buffer.add(p, on, time - t0);
        }
      }
      buffer.drainSorted(out, t0, width);
    }
    return out;
  }

  /** Log intensity of the image's pixels, row-major, inside a one-pixel ring of background. */
  private float[] logImage(GrayImage image, float logBackground) {
    byte[] px = image.pixels();
    int iw = image.width();
    int pw = iw + 2;
    float[] log = new float[pw * (image.height() + 2)];
    Arrays.fill(log, logBackground);
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = (float) Math.log(config.darkLevel() + v / 255.0);
    }
    for (int i = 0; i < px.length; i++) {
      log[(i / iw + 1) * pw + i % iw + 1] = table[px[i] & 0xFF];
    }
    return log;
  }

  /**
   * Samples the shifted image at every output pixel centre. Output pixel x's centre {@code x +
   * 0.5}, relative to the view's centre and the motion offset, divided by the scale, gives the
   * image coordinate whose pixel centres are at {@code u + 0.5}. The log image is padded with one
   * ring of background, so the four neighbours need no bounds checks.
   */
  private void render(
      float[] padded,
      GrayImage image,
      float logBackground,
      double scale,
      double[] offset,
      int[] u0s,
      float[] fus,
      float[] out) {
    int width = geometry.width();
    int height = geometry.height();
    int iw = image.width();
    int ih = image.height();
    int pw = iw + 2;
    for (int x = 0; x < width; x++) {
      // +1: padded coordinates
      double u = (x + 0.5 - width / 2.0 - offset[0]) / scale + iw / 2.0 - 0.5 + 1;
      int u0 = (int) Math.floor(u);
      u0s[x] = u0 < 0 || u0 > iw ? -1 : u0;
      fus[x] = (float) (u - u0);
    }
    for (int y = 0; y < height; y++) {
      double v = (y + 0.5 - height / 2.0 - offset[1]) / scale + ih / 2.0 - 0.5 + 1;
      int v0 = (int) Math.floor(v);
      float fv = (float) (v - v0);
      int row = y * width;
      if (v0 < 0 || v0 > ih) {
        Arrays.fill(out, row, row + width, logBackground);
        continue;
      }
      int base = v0 * pw;
      for (int x = 0; x < width; x++) {
        int u0 = u0s[x];
        if (u0 < 0) {
          out[row + x] = logBackground;
          continue;
        }
        float fu = fus[x];
        int i = base + u0;
        float a = padded[i];
        float b = padded[i + 1];
        float c = padded[i + pw];
        float d = padded[i + pw + 1];
        float top = a + fu * (b - a);
        float bottom = c + fu * (d - c);
        out[row + x] = top + fv * (bottom - top);
      }
    }
  }

  /** Poisson variate (Knuth; the means here are small), or a normal approximation above 30. */
  private static int poisson(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      n++;
      product *= random.nextDouble();
    }
    return n;
  }

  /** Murmur3's 64-bit finaliser of seed and index: independent streams per sample. */
  static long mix(long seed, long index) {
    long z = seed ^ (index * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  /** Events of one step, sorted by time before they join the output. */
  private static final class StepBuffer {
    private int[] pixel = new int[256];
    private boolean[] on = new boolean[256];
    private long[] keys = new long[256];
    private int size;

    void clear() {
      size = 0;
    }

    void add(int p, boolean polarity, long offsetMicros) {
      if (size == pixel.length) {
        pixel = Arrays.copyOf(pixel, size * 2);
        on = Arrays.copyOf(on, size * 2);
        keys = Arrays.copyOf(keys, size * 2);
      }
      pixel[size] = p;
      on[size] = polarity;
      // time in the high bits, insertion index in the low ones: a stable sort by time
      keys[size] = (offsetMicros << 32) | size;
      size++;
    }

    void drainSorted(EventBatch out, long t0, int width) {
      Arrays.sort(keys, 0, size);
      for (int i = 0; i < size; i++) {
        int index = (int) (keys[i] & 0xFFFFFFFFL);
        int p = pixel[index];
        out.add(p % width, p / width, on[index], t0 + (keys[i] >>> 32));
      }
    }
  }
}
