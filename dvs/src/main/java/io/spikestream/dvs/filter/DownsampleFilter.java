package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;

/**
 * Spatial downsampling by an integer factor {@code f} (Tonic's {@code Downsample(spatial_factor =
 * 1/f)}): {@code x' = floor(x / f)}, {@code y' = floor(y / f)}; the output geometry is {@code
 * ceil(W / f) × ceil(H / f)}, so every event stays on it. No event is dropped: events that land on
 * the same output pixel are all kept (binning then counts them). For a non-integer size change use
 * the binning's output size (DESIGN section 6).
 */
public final class DownsampleFilter implements EventFilter {

  /**
   * @param factor integer factor, 1..1024
   */
  public record Config(int factor) implements FilterSpec {

    /** Largest factor. */
    public static final int MAX_FACTOR = 1024;

    public Config {
      if (factor < 1 || factor > MAX_FACTOR) {
        throw new IllegalArgumentException(
            "downsample.factor must be in 1.." + MAX_FACTOR + ", got " + factor);
      }
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      return new DownsampleFilter(factor, input);
    }

    @Override
    public String toSpec() {
      return "downsample:factor=" + factor;
    }
  }

  private final int factor;
  private final SensorGeometry input;
  private final SensorGeometry output;

  private DownsampleFilter(int factor, SensorGeometry input) {
    this.factor = factor;
    this.input = input;
    this.output =
        new SensorGeometry(
            (input.width() + factor - 1) / factor, (input.height() + factor - 1) / factor);
  }

  @Override
  public SensorGeometry inputGeometry() {
    return input;
  }

  @Override
  public SensorGeometry outputGeometry() {
    return output;
  }

  @Override
  public void reset() {
    // stateless
  }

  @Override
  public int apply(EventBatch batch) {
    if (factor == 1) {
      return 0;
    }
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    for (int i = 0; i < n; i++) {
      // coordinates are >= 0 on the input geometry, so integer division is floor
      xs[i] /= factor;
      ys[i] /= factor;
    }
    return 0;
  }
}
