package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.Arrays;

/**
 * Background-activity denoise (jAER's BackgroundActivityFilter, Tonic's {@code denoise}): an event
 * is kept when one of its neighbours (not the pixel itself) fired less than {@code dtMicros} before
 * it, i.e. {@code t - tNeighbour < dt}. Every event, kept or not, records its time at its own
 * pixel, so a real edge moving across the sensor supports itself while an isolated noise event
 * finds no recent neighbour. Polarity is ignored. Pixels on the border simply have fewer
 * neighbours.
 */
public final class DenoiseFilter implements EventFilter {

  /** Never fired: far enough in the past that {@code t - NEVER} never falls below any dt. */
  private static final long NEVER = Long.MIN_VALUE / 2;

  /**
   * @param dtMicros support window in microseconds, 1..3,600,000,000 (one hour)
   * @param neighbourhood which neighbours support an event
   */
  public record Config(long dtMicros, Neighbourhood neighbourhood) implements FilterSpec {

    /** Default neighbourhood: the 3×3 block (8 neighbours). */
    public static final Neighbourhood DEFAULT_NEIGHBOURHOOD = Neighbourhood.EIGHT;

    public Config {
      FilterSpecs.requireMicros("denoise.dt", dtMicros);
      if (neighbourhood == null) {
        throw new IllegalArgumentException("denoise.neighbours must be 8 or 4, got null");
      }
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      return new DenoiseFilter(this, input);
    }

    @Override
    public String toSpec() {
      return "denoise:dt="
          + FilterSpecs.formatMicros(dtMicros)
          + ",neighbours="
          + neighbourhood.count();
    }
  }

  private final Config config;
  private final SensorGeometry geometry;
  private final int width;
  private final int height;
  private final long[] lastMicros;

  private DenoiseFilter(Config config, SensorGeometry geometry) {
    this.config = config;
    this.geometry = geometry;
    this.width = geometry.width();
    this.height = geometry.height();
    this.lastMicros = new long[geometry.pixels()];
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
    Arrays.fill(lastMicros, NEVER);
  }

  @Override
  public int apply(EventBatch batch) {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    long dt = config.dtMicros();
    boolean eight = config.neighbourhood() == Neighbourhood.EIGHT;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int x = xs[i];
      int y = ys[i];
      long t = ts[i];
      assert x >= 0 && x < width && y >= 0 && y < height : "event off the geometry: " + x + "," + y;
      // the oldest neighbour time that still supports t: t - last < dt  <=>  last > t - dt
      long after = t - dt;
      boolean supported = supports(x - 1, y, after) || supports(x + 1, y, after);
      supported = supported || supports(x, y - 1, after) || supports(x, y + 1, after);
      if (eight && !supported) {
        supported =
            supports(x - 1, y - 1, after)
                || supports(x + 1, y - 1, after)
                || supports(x - 1, y + 1, after)
                || supports(x + 1, y + 1, after);
      }
      lastMicros[y * width + x] = t;
      if (supported) {
        xs[kept] = x;
        ys[kept] = y;
        ps[kept] = ps[i];
        ts[kept] = t;
        kept++;
      }
    }
    batch.setSize(kept);
    return n - kept;
  }

  /** Whether pixel (x, y) exists and fired after {@code afterMicros}. */
  private boolean supports(int x, int y, long afterMicros) {
    return x >= 0 && x < width && y >= 0 && y < height && lastMicros[y * width + x] > afterMicros;
  }
}
