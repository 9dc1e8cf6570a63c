package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.Locale;

/** Polarity selection: keeps ON events, OFF events or both. */
public final class PolarityFilter implements EventFilter {

  /**
   * @param selection which polarities pass
   */
  public record Config(PolaritySelection selection) implements FilterSpec {

    public Config {
      if (selection == null) {
        throw new IllegalArgumentException("polarity must be on, off or both, got null");
      }
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      return new PolarityFilter(selection, input);
    }

    @Override
    public String toSpec() {
      return "polarity:" + selection.name().toLowerCase(Locale.ROOT);
    }
  }

  private final PolaritySelection selection;
  private final SensorGeometry geometry;

  private PolarityFilter(PolaritySelection selection, SensorGeometry geometry) {
    this.selection = selection;
    this.geometry = geometry;
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
    // stateless
  }

  @Override
  public int apply(EventBatch batch) {
    if (selection == PolaritySelection.BOTH) {
      return 0;
    }
    boolean wantOn = selection == PolaritySelection.ON;
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (ps[i] == wantOn) {
        xs[kept] = xs[i];
        ys[kept] = ys[i];
        ps[kept] = wantOn;
        ts[kept] = ts[i];
        kept++;
      }
    }
    batch.setSize(kept);
    return n - kept;
  }
}
