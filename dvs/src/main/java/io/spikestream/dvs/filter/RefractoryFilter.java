package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.Arrays;

/**
 * Refractory period (Tonic's {@code refractory_period}, dv-processing's RefractoryPeriodFilter): a
 * pixel that emitted a kept event stays silent for {@code periodMicros}; an event at {@code t} is
 * kept when {@code t - tLastKept >= period}. Dropped events do not extend the period. With {@code
 * perPolarity}, ON and OFF have separate periods (an OFF right after an ON passes).
 */
public final class RefractoryFilter implements EventFilter {

  private static final long NEVER = Long.MIN_VALUE / 2;

  /**
   * @param periodMicros refractory period in microseconds, 1..3,600,000,000
   * @param perPolarity whether ON and OFF events are refractory separately
   */
  public record Config(long periodMicros, boolean perPolarity) implements FilterSpec {

    public Config {
      FilterSpecs.requireMicros("refractory.period", periodMicros);
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      return new RefractoryFilter(this, input);
    }

    @Override
    public String toSpec() {
      return "refractory:period="
          + FilterSpecs.formatMicros(periodMicros)
          + ",per-polarity="
          + perPolarity;
    }
  }

  private final Config config;
  private final SensorGeometry geometry;
  private final int width;
  private final int pixels;
  private final long[] lastKeptMicros;

  private RefractoryFilter(Config config, SensorGeometry geometry) {
    this.config = config;
    this.geometry = geometry;
    this.width = geometry.width();
    this.pixels = geometry.pixels();
    this.lastKeptMicros = new long[config.perPolarity() ? 2 * pixels : pixels];
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
    Arrays.fill(lastKeptMicros, NEVER);
  }

  @Override
  public int apply(EventBatch batch) {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    long period = config.periodMicros();
    boolean split = config.perPolarity();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      // ON events use the second half of the memory when polarities are separate
      int cell = ys[i] * width + xs[i] + (split && ps[i] ? pixels : 0);
      assert cell >= 0 && cell < lastKeptMicros.length : "event off the geometry: " + cell;
      long t = ts[i];
      if (t - lastKeptMicros[cell] >= period) {
        lastKeptMicros[cell] = t;
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
}
