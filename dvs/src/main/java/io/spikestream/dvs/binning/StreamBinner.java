package io.spikestream.dvs.binning;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Incremental binning for a stream of event packets (DESIGN section 6 and 10): keeps the frames of
 * the open window, reports each timestep to a {@link BinListener} when its bin closes, and
 * serialises its whole state ({@link #toBytes()}) for a changelog.
 *
 * <ul>
 *   <li>{@link WindowMode#N_BINS} (recorded samples): {@link #startSample} gives the window {@code
 *       [s, s + d)}; an event goes to bin {@link BinRule#nBins}; bin {@code t} closes when an event
 *       of a later bin arrives, or at {@link #endWindow} (end of sample).
 *   <li>{@link WindowMode#FIXED_DT} (live streams): the first event anchors the first window; bin
 *       {@code floor((t - windowStart) / dt)}, an event exactly on a bin edge opens the later bin;
 *       after {@code T} bins the next window starts at {@code windowStart + T * dt}. Windows that
 *       receive no event are skipped (counted, not reported).
 * </ul>
 *
 * <p>Late events (in a bin already closed, or before the window) and events outside the source
 * geometry are counted and dropped. Given time-ordered events, the frames reported equal {@link
 * SampleBinner}'s for the same window, however the events are split into packets. Not thread-safe.
 */
public final class StreamBinner {

  /** Version of the {@link #toBytes()} format. */
  public static final byte STATE_FORMAT_VERSION = 1;

  private final BinningSpec spec;
  private final FrameMapper mapper;
  private final float[] frames;

  /** Whether a window is open (it received an event, or for N_BINS a sample was started). */
  private boolean open;

  /** FIXED_DT: whether {@link #windowStartMicros} anchors the window grid yet. */
  private boolean anchored;

  /** Start of the open window (N_BINS: sample start s; FIXED_DT: start of the grid window). */
  private long windowStartMicros;

  /** N_BINS sample duration d (0 for FIXED_DT). */
  private long durationMicros;

  /** First bin not yet closed; bins below it were reported. In [0, T]. */
  private int openBin;

  private long accepted;
  private long late;
  private long outOfRange;
  private long noWindow;
  private long skippedWindows;

  private StreamBinner(BinningSpec spec, SensorGeometry source) {
    this.spec = spec;
    this.mapper = new FrameMapper(spec, source);
    long size = (long) spec.timesteps() * spec.frameSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "timesteps * frameSize must fit one array, got " + size + " floats");
    }
    this.frames = new float[(int) size];
  }

  /** A binner for N_BINS samples; call {@link #startSample} before each sample's events. */
  public static StreamBinner forSamples(BinningSpec spec, SensorGeometry source) {
    requireMode(spec, WindowMode.N_BINS);
    return new StreamBinner(spec, source);
  }

  /** A FIXED_DT binner whose first window starts at the first event. */
  public static StreamBinner forStream(BinningSpec spec, SensorGeometry source) {
    requireMode(spec, WindowMode.FIXED_DT);
    return new StreamBinner(spec, source);
  }

  /** A FIXED_DT binner whose window grid starts at {@code firstWindowStartMicros}. */
  public static StreamBinner forStream(
      BinningSpec spec, SensorGeometry source, long firstWindowStartMicros) {
    StreamBinner binner = forStream(spec, source);
    binner.anchored = true;
    binner.windowStartMicros = firstWindowStartMicros;
    return binner;
  }

  private static void requireMode(BinningSpec spec, WindowMode mode) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    if (spec.window() != mode) {
      throw new IllegalArgumentException("spec.window must be " + mode + ", got " + spec.window());
    }
  }

  /**
   * N_BINS: opens the window {@code [startMicros, startMicros + durationMicros)} of a new sample. A
   * sample still open is ended first (its remaining bins are reported).
   */
  public void startSample(long startMicros, long durationMicros, BinListener listener) {
    requireMode(spec, WindowMode.N_BINS);
    BinRule.checkDuration(durationMicros, spec.timesteps());
    if (open) {
      endWindow(listener);
    }
    windowStartMicros = startMicros;
    this.durationMicros = durationMicros;
    openBin = 0;
    open = true;
  }

  /** Bins the events of one packet, reporting the bins they close. */
  public void accept(EventBatch packet, BinListener listener) {
    int[] xs = packet.xs();
    int[] ys = packet.ys();
    boolean[] on = packet.polarities();
    long[] ts = packet.timestampsMicros();
    for (int i = 0; i < packet.size(); i++) {
      accept(xs[i], ys[i], on[i], ts[i], listener);
    }
  }

  /** Bins one event, reporting the bins it closes. */
  public void accept(int x, int y, boolean on, long timeMicros, BinListener listener) {
    int pixel = mapper.index(x, y, on);
    if (pixel < 0) {
      outOfRange++;
      return;
    }
    int bin =
        switch (spec.window()) {
          case N_BINS -> nBinsBin(timeMicros);
          case FIXED_DT -> fixedDtBin(timeMicros, listener);
        };
    if (bin < 0) {
      return; // counted by the mode's rule
    }
    if (bin < openBin) {
      late++;
      return;
    }
    closeBelow(bin, listener);
    int index = bin * spec.frameSize() + pixel;
    if (spec.value() == FrameValue.BINARY) {
      frames[index] = 1f;
    } else {
      frames[index] += 1f;
    }
    accepted++;
  }

  private int nBinsBin(long timeMicros) {
    if (!open) {
      noWindow++;
      return -1;
    }
    return BinRule.nBins(timeMicros, windowStartMicros, durationMicros, spec.timesteps());
  }

  /** The event's bin in the (possibly newly opened) window, or -1 when it is late. */
  private int fixedDtBin(long timeMicros, BinListener listener) {
    if (!anchored) {
      anchored = true;
      windowStartMicros = timeMicros;
    }
    int timesteps = spec.timesteps();
    long bin = BinRule.fixedDt(timeMicros, windowStartMicros, spec.dtMicros());
    if (bin < 0) {
      late++;
      return -1;
    }
    if (bin >= timesteps) {
      if (open) {
        endWindow(listener);
        bin -= timesteps;
      }
      // skip whole windows that saw no event; the event lands in the window it belongs to
      long skip = bin / timesteps;
      skippedWindows += skip;
      windowStartMicros += skip * timesteps * spec.dtMicros();
      bin -= skip * timesteps;
    }
    if (!open) {
      open = true;
      openBin = 0;
    }
    assert bin >= 0 && bin < timesteps;
    return (int) bin;
  }

  /**
   * Closes every bin of the open window that ends at or before {@code nowMicros} (stream time from
   * a punctuator): N_BINS bins below {@code nBins(now)} (never the last bin; {@link #endWindow}
   * closes it), FIXED_DT bins whose end is at or before now, and the window once all its bins are.
   */
  public void advanceTo(long nowMicros, BinListener listener) {
    if (!open) {
      return;
    }
    switch (spec.window()) {
      case N_BINS ->
          closeBelow(
              BinRule.nBins(nowMicros, windowStartMicros, durationMicros, spec.timesteps()),
              listener);
      case FIXED_DT -> {
        long bin = BinRule.fixedDt(nowMicros, windowStartMicros, spec.dtMicros());
        if (bin >= spec.timesteps()) {
          endWindow(listener);
        } else if (bin > 0) {
          closeBelow((int) bin, listener);
        }
      }
    }
  }

  /**
   * Closes the open window: reports its remaining bins and {@link BinListener#windowClosed}, then
   * clears the frames. N_BINS: the end of the sample. FIXED_DT: the next window starts at {@code
   * windowStart + T * dt}. Does nothing when no window is open.
   */
  public void endWindow(BinListener listener) {
    if (!open) {
      return;
    }
    closeBelow(spec.timesteps(), listener);
    long closedStart = windowStartMicros;
    open = false;
    if (spec.window() == WindowMode.FIXED_DT) {
      windowStartMicros += spec.timesteps() * spec.dtMicros();
    }
    listener.windowClosed(closedStart);
    Arrays.fill(frames, 0f);
    openBin = 0;
  }

  private void closeBelow(int bin, BinListener listener) {
    int frameSize = spec.frameSize();
    while (openBin < bin) {
      listener.binClosed(openBin, frames, openBin * frameSize);
      openBin++;
    }
  }

  /** Whether a window (N_BINS: a sample) is open. */
  public boolean isOpen() {
    return open;
  }

  /** Start of the open window, or of the next one for FIXED_DT. */
  public long windowStartMicros() {
    return windowStartMicros;
  }

  /** First bin not yet reported, in {@code [0, T]}. */
  public int openBin() {
    return openBin;
  }

  /** A copy of frame {@code t} of the open window (closed or still filling). */
  public float[] frame(int timestep) {
    if (timestep < 0 || timestep >= spec.timesteps()) {
      throw new IndexOutOfBoundsException(
          "timestep " + timestep + " outside [0, " + spec.timesteps() + ")");
    }
    int frameSize = spec.frameSize();
    return Arrays.copyOfRange(frames, timestep * frameSize, (timestep + 1) * frameSize);
  }

  public BinningSpec spec() {
    return spec;
  }

  public SensorGeometry source() {
    return mapper.source();
  }

  /** Events placed into a frame. */
  public long accepted() {
    return accepted;
  }

  /** Events dropped because their bin had closed or they preceded the window. */
  public long late() {
    return late;
  }

  /** Events dropped because (x, y) lay outside the source geometry. */
  public long outOfRange() {
    return outOfRange;
  }

  /** N_BINS events dropped because no sample was open. */
  public long noWindow() {
    return noWindow;
  }

  /** FIXED_DT windows skipped because no event fell into them. */
  public long skippedWindows() {
    return skippedWindows;
  }

  /**
   * The whole state (spec, source geometry, cursor, counters, frames of the open window's bins up
   * to the open one, sparse) as bytes, first byte {@link #STATE_FORMAT_VERSION}.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(STATE_FORMAT_VERSION);
      out.writeByte(spec.window().ordinal());
      out.writeByte(spec.value().ordinal());
      writeVarLong(out, spec.timesteps());
      writeVarLong(out, spec.dtMicros());
      writeVarLong(out, spec.height());
      writeVarLong(out, spec.width());
      writeVarLong(out, mapper.source().width());
      writeVarLong(out, mapper.source().height());
      out.writeByte((open ? 1 : 0) | (anchored ? 2 : 0));
      out.writeLong(windowStartMicros);
      writeVarLong(out, durationMicros);
      writeVarLong(out, openBin);
      writeVarLong(out, accepted);
      writeVarLong(out, late);
      writeVarLong(out, outOfRange);
      writeVarLong(out, noWindow);
      writeVarLong(out, skippedWindows);
      if (open) {
        // bins 0..openBin hold data (later bins are empty): each as a sparse list
        int frameSize = spec.frameSize();
        int bins = Math.min(openBin + 1, spec.timesteps());
        for (int t = 0; t < bins; t++) {
          int base = t * frameSize;
          int nonZero = 0;
          for (int i = 0; i < frameSize; i++) {
            if (frames[base + i] != 0f) {
              nonZero++;
            }
          }
          writeVarLong(out, nonZero);
          int previous = -1;
          for (int i = 0; i < frameSize; i++) {
            float v = frames[base + i];
            if (v != 0f) {
              writeVarLong(out, i - previous - 1);
              previous = i;
              out.writeFloat(v);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Restores a binner from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a state of a known version, naming what
   *     is wrong
   */
  public static StreamBinner fromBytes(byte[] state) {
    if (state == null || state.length == 0) {
      throw new IllegalArgumentException("binner state must not be empty");
    }
    if (state[0] != STATE_FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "binner state format version must be " + STATE_FORMAT_VERSION + ", got " + state[0]);
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(state, 1, state.length))) {
      WindowMode mode = enumAt(WindowMode.values(), in.readUnsignedByte(), "window");
      FrameValue value = enumAt(FrameValue.values(), in.readUnsignedByte(), "value");
      int timesteps = readVarInt(in, "timesteps");
      long dt = readVarLong(in);
      int height = readVarInt(in, "height");
      int width = readVarInt(in, "width");
      SensorGeometry source =
          new SensorGeometry(readVarInt(in, "source width"), readVarInt(in, "source height"));
      BinningSpec spec = new BinningSpec(timesteps, mode, dt, height, width, value);
      StreamBinner binner = new StreamBinner(spec, source);
      int flags = in.readUnsignedByte();
      binner.open = (flags & 1) != 0;
      binner.anchored = (flags & 2) != 0;
      binner.windowStartMicros = in.readLong();
      binner.durationMicros = readVarLong(in);
      binner.openBin = readVarInt(in, "openBin");
      if (binner.openBin > timesteps) {
        throw new IllegalArgumentException(
            "binner state openBin must be <= " + timesteps + ", got " + binner.openBin);
      }
      binner.accepted = readVarLong(in);
      binner.late = readVarLong(in);
      binner.outOfRange = readVarLong(in);
      binner.noWindow = readVarLong(in);
      binner.skippedWindows = readVarLong(in);
      if (binner.open) {
        int frameSize = spec.frameSize();
        int bins = Math.min(binner.openBin + 1, timesteps);
        for (int t = 0; t < bins; t++) {
          int nonZero = readVarInt(in, "non-zero count");
          int index = -1;
          for (int k = 0; k < nonZero; k++) {
            index += readVarInt(in, "index delta") + 1;
            if (index >= frameSize) {
              throw new IllegalArgumentException(
                  "binner state frame index must be < " + frameSize + ", got " + index);
            }
            binner.frames[t * frameSize + index] = in.readFloat();
          }
        }
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "binner state has " + in.available() + " trailing byte(s)");
      }
      return binner;
    } catch (EOFException e) {
      throw new IllegalArgumentException("binner state is truncated (" + state.length + " bytes)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <E extends Enum<E>> E enumAt(E[] values, int ordinal, String field) {
    if (ordinal >= values.length) {
      throw new IllegalArgumentException(
          "binner state " + field + " must be an ordinal < " + values.length + ", got " + ordinal);
    }
    return values[ordinal];
  }

  /** Unsigned LEB128 (values here are never negative except the window start, written raw). */
  private static void writeVarLong(DataOutputStream out, long value) throws IOException {
    assert value >= 0 : value;
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("binner state has a variable-length number over 64 bits");
  }

  private static int readVarInt(DataInputStream in, String field) throws IOException {
    long value = readVarLong(in);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "binner state " + field + " must fit an int, got " + value);
    }
    return (int) value;
  }
}
