package io.spikestream.dvs.binning;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Bins the events of one recorded sample into {@code T} frames (DESIGN section 6), for the trainer
 * and for tests. When the sample's window is known up front (from its SampleInfo) events may be
 * added in several {@link EventBatch} chunks; otherwise {@link #bin(BinningSpec, SensorGeometry,
 * EventBatch)} takes the window from the events.
 *
 * <ul>
 *   <li>{@link WindowMode#N_BINS}: an event at {@code t} goes to bin {@code floor((t - s) * T /
 *       d)}, clamped to {@code [0, T - 1]} ({@link BinRule#nBins}).
 *   <li>{@link WindowMode#FIXED_DT}: bin {@code floor((t - s) / dt)}; events before {@code s} or in
 *       bin {@code >= T} lie outside the window and are counted and dropped.
 * </ul>
 *
 * <p>Events whose (x, y) lie outside the source geometry are counted and dropped. The result is a
 * flat {@code float[T * 2 * H' * W']} in C order {@code [T][2][H'][W']}: frame {@code t} starts at
 * {@code t * spec.frameSize()} and pixel (c, y, x) sits at {@link BinningSpec#index(int, int, int)}
 * inside it. Not thread-safe.
 */
public final class SampleBinner {

  private final BinningSpec spec;
  private final FrameMapper mapper;
  private final long startMicros;
  private final long durationMicros;
  private final float[] frames;
  private long accepted;
  private long outOfRange;
  private long outsideWindow;

  /**
   * A binner for one sample whose window is known.
   *
   * @param spec how to bin
   * @param source the sensor geometry of the events
   * @param startMicros sample start {@code s} (FIXED_DT: the window start)
   * @param durationMicros sample duration {@code d} for N_BINS (>= 1, {@code d * T} must fit a
   *     long); ignored for FIXED_DT, whose window is {@code T * dtMicros}
   */
  public SampleBinner(
      BinningSpec spec, SensorGeometry source, long startMicros, long durationMicros) {
    this.mapper = new FrameMapper(spec, source);
    this.spec = spec;
    if (spec.window() == WindowMode.N_BINS) {
      BinRule.checkDuration(durationMicros, spec.timesteps());
    }
    this.startMicros = startMicros;
    this.durationMicros = durationMicros;
    long size = (long) spec.timesteps() * spec.frameSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "timesteps * frameSize must fit one array, got " + size + " floats");
    }
    this.frames = new float[(int) size];
  }

  /**
   * Bins all events of one sample whose window is not known: {@code s} = first (smallest) timestamp
   * and {@code d} = last - first + 1 (for a time-ordered recording, its first and last event). An
   * empty sample gives all-zero frames.
   */
  public static float[] bin(BinningSpec spec, SensorGeometry source, EventBatch events) {
    long[] window = window(events);
    SampleBinner binner = new SampleBinner(spec, source, window[0], window[1]);
    binner.add(events);
    return binner.frames();
  }

  /** Bins all events of one sample with a known window {@code [s, s + d)}. */
  public static float[] bin(
      BinningSpec spec,
      SensorGeometry source,
      EventBatch events,
      long startMicros,
      long durationMicros) {
    SampleBinner binner = new SampleBinner(spec, source, startMicros, durationMicros);
    binner.add(events);
    return binner.frames();
  }

  /**
   * Reads a whole recording and bins it as one sample with the window taken from its events; the
   * geometry is the reader's. The reader is not closed.
   */
  public static float[] bin(BinningSpec spec, EventReader reader) throws IOException {
    EventBatch all = new EventBatch();
    EventBatch chunk = new EventBatch(65536);
    while (reader.read(chunk) > 0) {
      all.addAll(chunk);
    }
    return bin(spec, reader.geometry(), all);
  }

  /**
   * The window rule for a sample without SampleInfo: {@code {s, d}} with {@code s} = smallest
   * timestamp and {@code d} = largest - smallest + 1; {@code {0, 1}} for no events.
   */
  public static long[] window(EventBatch events) {
    if (events.isEmpty()) {
      return new long[] {0L, 1L};
    }
    long[] ts = events.timestampsMicros();
    long min = ts[0];
    long max = ts[0];
    for (int i = 1; i < events.size(); i++) {
      min = Math.min(min, ts[i]);
      max = Math.max(max, ts[i]);
    }
    return new long[] {min, max - min + 1};
  }

  /** Adds a chunk of events of this sample. */
  public void add(EventBatch events) {
    int[] xs = events.xs();
    int[] ys = events.ys();
    boolean[] on = events.polarities();
    long[] ts = events.timestampsMicros();
    int frameSize = spec.frameSize();
    int timesteps = spec.timesteps();
    boolean binary = spec.value() == FrameValue.BINARY;
    for (int i = 0; i < events.size(); i++) {
      int pixel = mapper.index(xs[i], ys[i], on[i]);
      if (pixel < 0) {
        outOfRange++;
        continue;
      }
      int bin;
      switch (spec.window()) {
        case N_BINS -> bin = BinRule.nBins(ts[i], startMicros, durationMicros, timesteps);
        case FIXED_DT -> {
          long b = BinRule.fixedDt(ts[i], startMicros, spec.dtMicros());
          if (b < 0 || b >= timesteps) {
            outsideWindow++;
            continue;
          }
          bin = (int) b;
        }
        default -> throw new AssertionError(spec.window());
      }
      int index = bin * frameSize + pixel;
      if (binary) {
        frames[index] = 1f;
      } else {
        frames[index] += 1f;
      }
      accepted++;
    }
  }

  /** A copy of the frames so far, flat, C order {@code [T][2][H'][W']}. */
  public float[] frames() {
    return frames.clone();
  }

  /** A copy of the frames so far as {@code [T][2 * H' * W']}. */
  public float[][] framesByTimestep() {
    return split(frames, spec);
  }

  /** Splits a flat {@code [T * F]} array into {@code T} rows of {@code F = spec.frameSize()}. */
  public static float[][] split(float[] flat, BinningSpec spec) {
    int frameSize = spec.frameSize();
    if (flat.length != spec.timesteps() * frameSize) {
      throw new IllegalArgumentException(
          "frames must hold T * frameSize = "
              + spec.timesteps() * frameSize
              + " floats, got "
              + flat.length);
    }
    float[][] out = new float[spec.timesteps()][];
    for (int t = 0; t < out.length; t++) {
      out[t] = Arrays.copyOfRange(flat, t * frameSize, (t + 1) * frameSize);
    }
    return out;
  }

  /** Events placed into a frame. */
  public long accepted() {
    return accepted;
  }

  /** Events dropped because (x, y) lay outside the source geometry. */
  public long outOfRange() {
    return outOfRange;
  }

  /** FIXED_DT events dropped because they fell before the window or after its last bin. */
  public long outsideWindow() {
    return outsideWindow;
  }

  public BinningSpec spec() {
    return spec;
  }
}
