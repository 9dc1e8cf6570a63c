package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a jAER AEDAT 2.0 DVS128 recording that jAER and {@link Aedat2Reader} read back: a jAER
 * header ({@code #!AER-DAT2.0}, format and chip lines, {@code #End Of ASCII Header}) and big-endian
 * address/timestamp words (inverse of DESIGN section 4's mapping).
 *
 * <p>Timestamps are stored modulo 2^32 µs. So that the reader's unwrap rule restores them,
 * timestamps must be >= 0 and consecutive timestamps may differ by less than 2^31 µs (about 36
 * minutes) in either direction.
 */
public final class Aedat2Writer implements EventWriter {

  private static final long HALF_WRAP = 1L << 31;

  private final OutputStream out;
  private final boolean transpose;
  private byte[] buffer = new byte[1 << 16];
  private long previous = -1;

  private Aedat2Writer(OutputStream out, AxisConvention axes) throws IOException {
    this.out = out;
    this.transpose = axes == AxisConvention.TRANSPOSED;
    String header =
        "#!AER-DAT2.0\r\n"
            + "# This is a raw AE data file created by spikestream\r\n"
            + "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each"
            + " event\r\n"
            + "# Timestamps tick is 1 us\r\n"
            + "# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n"
            + "#End Of ASCII Header\r\n";
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }

  /** Creates (or replaces) {@code path}, with the project's axes. */
  public static Aedat2Writer create(Path path) throws IOException {
    return create(path, AxisConvention.JAER);
  }

  /** Creates (or replaces) {@code path}; {@code axes} says how the batch's x/y map to addresses. */
  public static Aedat2Writer create(Path path, AxisConvention axes) throws IOException {
    return new Aedat2Writer(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), axes);
  }

  @Override
  public EventFileFormat format() {
    return EventFileFormat.AEDAT2;
  }

  @Override
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    SensorGeometry g = SensorGeometry.DVS128;
    long prev = previous;
    for (int i = 0; i < n; i++) {
      if (!g.contains(xs[i], ys[i])) {
        throw new IllegalArgumentException(
            "event " + i + ": (x, y) = (" + xs[i] + ", " + ys[i] + ") outside DVS128 " + g);
      }
      long t = ts[i];
      if (t < 0) {
        throw new IllegalArgumentException(
            "event " + i + ": timestampMicros must be >= 0, got " + t);
      }
      if (prev >= 0 && Math.abs(t - prev) >= HALF_WRAP) {
        throw new IllegalArgumentException(
            "event "
                + i
                + ": timestampMicros "
                + t
                + " jumps by 2^31 us or more from "
                + prev
                + "; AEDAT 2.0's 32-bit time could not be unwrapped");
      }
      prev = t;
    }
    if (buffer.length < n * Aedat2.RECORD_BYTES) {
      buffer = new byte[n * Aedat2.RECORD_BYTES];
    }
    byte[] b = buffer;
    int p = 0;
    for (int i = 0; i < n; i++) {
      int x = transpose ? ys[i] : xs[i];
      int y = transpose ? xs[i] : ys[i];
      // inverse of x = 127 - ((a & 0xFE) >> 1), y = (a & 0x7F00) >> 8, ON = 1 - (a & 1)
      int a = (y << 8) | ((127 - x) << 1) | (ps[i] ? 0 : 1);
      int t = (int) ts[i];
      b[p] = (byte) (a >>> 24);
      b[p + 1] = (byte) (a >>> 16);
      b[p + 2] = (byte) (a >>> 8);
      b[p + 3] = (byte) a;
      b[p + 4] = (byte) (t >>> 24);
      b[p + 5] = (byte) (t >>> 16);
      b[p + 6] = (byte) (t >>> 8);
      b[p + 7] = (byte) t;
      p += Aedat2.RECORD_BYTES;
    }
    out.write(b, 0, p);
    previous = prev;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
