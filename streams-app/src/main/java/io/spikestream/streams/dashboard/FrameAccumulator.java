package io.spikestream.streams.dashboard;

/**
 * Accumulates one sensor's events into ON and OFF count images over the most recent stretch of
 * event time, for the dashboard's live frames (a picture of the stream, not the network's input:
 * the network's frames are binned by {@code dvs.binning}, DESIGN section 6).
 *
 * <p>Event time is cut into slices of {@code sliceMicros}; slice {@code k} holds the events with
 * {@code floor(t / sliceMicros) == k}. The accumulator keeps the newest {@code slices} slices in a
 * ring; a snapshot sums them, so it shows the last {@code slices * sliceMicros} of event time up to
 * the newest event seen. Events older than the ring are counted and dropped. Coordinates are
 * downsampled by an integer factor {@code f = ceil(max(width, height) / maxSide)}: {@code x' = x /
 * f}, {@code y' = y / f}; counts saturate at 255. Not thread-safe: one owner (the {@link
 * DashboardState}) guards it.
 */
public final class FrameAccumulator {
  private final int sourceWidth;
  private final int sourceHeight;
  private final int factor;
  private final int width;
  private final int height;
  private final long sliceMicros;
  private final int slices;

  /** [slice][y' * width + x'] counts, per polarity. */
  private final int[][] on;

  private final int[][] off;

  /** The slice index each ring entry holds, or Long.MIN_VALUE when empty. */
  private final long[] sliceOf;

  private long newestSlice = Long.MIN_VALUE;
  private long dropped;

  /**
   * @param sourceWidth sensor columns, >= 1
   * @param sourceHeight sensor rows, >= 1
   * @param maxSide largest side of the accumulated image, >= 1
   * @param sliceMicros event time per ring slice, >= 1
   * @param slices ring length, >= 1
   */
  public FrameAccumulator(
      int sourceWidth, int sourceHeight, int maxSide, long sliceMicros, int slices) {
    if (sourceWidth < 1 || sourceHeight < 1) {
      throw new IllegalArgumentException(
          "sensor geometry must be at least 1x1, got " + sourceWidth + "x" + sourceHeight);
    }
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be >= 1, got " + maxSide);
    }
    if (sliceMicros < 1) {
      throw new IllegalArgumentException("sliceMicros must be >= 1, got " + sliceMicros);
    }
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1, got " + slices);
    }
    this.sourceWidth = sourceWidth;
    this.sourceHeight = sourceHeight;
    int side = Math.max(sourceWidth, sourceHeight);
    this.factor = (side + maxSide - 1) / maxSide; // ceil: the larger side fits maxSide
    this.width = (sourceWidth + factor - 1) / factor;
    this.height = (sourceHeight + factor - 1) / factor;
    assert width <= maxSide && height <= maxSide;
    this.sliceMicros = sliceMicros;
    this.slices = slices;
    this.on = new int[slices][width * height];
    this.off = new int[slices][width * height];
    this.sliceOf = new long[slices];
    java.util.Arrays.fill(sliceOf, Long.MIN_VALUE);
  }

  /** Sensor columns this accumulator was made for. */
  public int sourceWidth() {
    return sourceWidth;
  }

  /** Sensor rows this accumulator was made for. */
  public int sourceHeight() {
    return sourceHeight;
  }

  /** Columns of the accumulated image. */
  public int width() {
    return width;
  }

  /** Rows of the accumulated image. */
  public int height() {
    return height;
  }

  /** Events dropped because they were older than the ring, or outside the sensor. */
  public long dropped() {
    return dropped;
  }

  /** Adds {@code n} events from parallel arrays. */
  public void add(int[] xs, int[] ys, boolean[] polarities, long[] timestampsMicros, int n) {
    for (int i = 0; i < n; i++) {
      add(xs[i], ys[i], polarities[i], timestampsMicros[i]);
    }
  }

  /** Adds one event. */
  public void add(int x, int y, boolean polarityOn, long timestampMicros) {
    if (x < 0 || y < 0 || x >= sourceWidth || y >= sourceHeight) {
      dropped++;
      return;
    }
    long slice = Math.floorDiv(timestampMicros, sliceMicros);
    if (newestSlice != Long.MIN_VALUE && slice <= newestSlice - slices) {
      dropped++; // older than the ring
      return;
    }
    newestSlice = Math.max(newestSlice, slice);
    int r = (int) Math.floorMod(slice, (long) slices); // ring entry of this slice
    if (sliceOf[r] != slice) {
      // the entry holds an expired slice (older by a multiple of the ring): reuse it
      java.util.Arrays.fill(on[r], 0);
      java.util.Arrays.fill(off[r], 0);
      sliceOf[r] = slice;
    }
    int cell = (y / factor) * width + (x / factor);
    assert cell >= 0 && cell < width * height;
    if (polarityOn) {
      on[r][cell]++;
    } else {
      off[r][cell]++;
    }
  }

  /**
   * The sum of the live slices (the newest {@code slices} up to the newest event), counts saturated
   * at 255, row-major {@code [y' * width + x']}.
   */
  public Frame snapshot() {
    byte[] onOut = new byte[width * height];
    byte[] offOut = new byte[width * height];
    long events = 0;
    for (int r = 0; r < slices; r++) {
      if (sliceOf[r] == Long.MIN_VALUE || sliceOf[r] <= newestSlice - slices) {
        continue; // empty or expired
      }
      events += sum(on[r], onOut) + sum(off[r], offOut);
    }
    return new Frame(width, height, onOut, offOut, events);
  }

  private static long sum(int[] counts, byte[] into) {
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      int c = counts[i];
      total += c;
      into[i] = (byte) Math.min(255, (into[i] & 0xFF) + c);
    }
    return total;
  }

  /**
   * An accumulated image.
   *
   * @param width columns
   * @param height rows
   * @param on ON counts per cell, unsigned bytes saturated at 255
   * @param off OFF counts per cell, unsigned bytes saturated at 255
   * @param events events summed (before saturation)
   */
  public record Frame(int width, int height, byte[] on, byte[] off, long events) {

    /** The ON count at a cell, 0..255. */
    public int onAt(int x, int y) {
      return on[y * width + x] & 0xFF;
    }

    /** The OFF count at a cell, 0..255. */
    public int offAt(int x, int y) {
      return off[y * width + x] & 0xFF;
    }
  }
}
