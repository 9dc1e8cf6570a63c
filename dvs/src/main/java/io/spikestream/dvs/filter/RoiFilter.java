package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;

/**
 * Region of interest (Tonic's {@code CropTime}'s spatial sibling, dv-processing's region filter):
 * keeps events with {@code x0 <= x < x0 + width} and {@code y0 <= y < y0 + height} and moves the
 * origin to the region's corner ({@code x' = x - x0}, {@code y' = y - y0}); the output geometry is
 * {@code width × height}.
 *
 * @see Config
 */
public final class RoiFilter implements EventFilter {

  /**
   * @param x left column of the region (>= 0)
   * @param y top row of the region (>= 0)
   * @param width columns (>= 1)
   * @param height rows (>= 1)
   */
  public record Config(int x, int y, int width, int height) implements FilterSpec {

    public Config {
      if (x < 0) {
        throw new IllegalArgumentException("roi.x must be >= 0, got " + x);
      }
      if (y < 0) {
        throw new IllegalArgumentException("roi.y must be >= 0, got " + y);
      }
      if (width < 1 || width > SensorGeometry.MAX_SIDE) {
        throw new IllegalArgumentException(
            "roi.w must be in 1.." + SensorGeometry.MAX_SIDE + ", got " + width);
      }
      if (height < 1 || height > SensorGeometry.MAX_SIDE) {
        throw new IllegalArgumentException(
            "roi.h must be in 1.." + SensorGeometry.MAX_SIDE + ", got " + height);
      }
    }

    @Override
    public EventFilter create(SensorGeometry input) {
      if ((long) x + width > input.width() || (long) y + height > input.height()) {
        throw new IllegalArgumentException(
            "roi "
                + width
                + "x"
                + height
                + " at "
                + x
                + ","
                + y
                + " does not fit the "
                + input
                + " sensor");
      }
      return new RoiFilter(this, input);
    }

    @Override
    public String toSpec() {
      return "roi:x=" + x + ",y=" + y + ",w=" + width + ",h=" + height;
    }
  }

  private final Config config;
  private final SensorGeometry input;
  private final SensorGeometry output;

  private RoiFilter(Config config, SensorGeometry input) {
    this.config = config;
    this.input = input;
    this.output = new SensorGeometry(config.width(), config.height());
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
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    int x0 = config.x();
    int y0 = config.y();
    int w = config.width();
    int h = config.height();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      // one unsigned comparison per axis tests 0 <= x - x0 < w
      int x = xs[i] - x0;
      int y = ys[i] - y0;
      if (Integer.compareUnsigned(x, w) < 0 && Integer.compareUnsigned(y, h) < 0) {
        xs[kept] = x;
        ys[kept] = y;
        ps[kept] = ps[i];
        ts[kept] = ts[i];
        kept++;
      }
    }
    batch.setSize(kept);
    return n - kept;
  }
}
