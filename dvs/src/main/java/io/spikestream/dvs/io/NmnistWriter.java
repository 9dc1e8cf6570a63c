package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes N-MNIST 40-bit events (see {@link Nmnist}), as {@code .bin} or SLAYER {@code .bs2}.
 *
 * <p>{@code .bin}: timestamps must be >= 0 and non-decreasing; whenever one does not fit the 23-bit
 * field above the time already carried by markers, overflow markers (x = 0, y = 240, other bits 0)
 * are written first, each adding 2^13 µs. {@code .bs2}: no markers exist, so every timestamp must
 * be in 0..2^23 - 1 µs. Coordinates must lie in the 34x34 geometry.
 */
public final class NmnistWriter implements EventWriter {

  private final OutputStream out;
  private final EventFileFormat format;
  private byte[] buffer = new byte[1 << 16];
  private long markerTime;
  private long previous;

  private NmnistWriter(OutputStream out, EventFileFormat format) {
    this.out = out;
    this.format = format;
  }

  /** Creates (or replaces) {@code path} in {@code format} (NMNIST_BIN or NMNIST_BS2). */
  public static NmnistWriter create(Path path, EventFileFormat format) throws IOException {
    if (format != EventFileFormat.NMNIST_BIN && format != EventFileFormat.NMNIST_BS2) {
      throw new IllegalArgumentException("format must be NMNIST_BIN or NMNIST_BS2, got " + format);
    }
    return new NmnistWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), format);
  }

  @Override
  public EventFileFormat format() {
    return format;
  }

  @Override
  public void write(EventBatch batch) throws IOException {
    boolean bin = format == EventFileFormat.NMNIST_BIN;
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    SensorGeometry g = SensorGeometry.NMNIST;
    // validate the whole batch first and count the markers it needs
    long markers = 0;
    long carried = markerTime;
    long prev = previous;
    for (int i = 0; i < n; i++) {
      if (!g.contains(xs[i], ys[i])) {
        throw new IllegalArgumentException(
            "event " + i + ": (x, y) = (" + xs[i] + ", " + ys[i] + ") outside N-MNIST " + g);
      }
      long t = ts[i];
      if (t < 0) {
        throw new IllegalArgumentException(
            "event " + i + ": timestampMicros must be >= 0, got " + t);
      }
      if (bin) {
        if (t < prev) {
          throw new IllegalArgumentException(
              "event "
                  + i
                  + ": timestampMicros "
                  + t
                  + " < previous "
                  + prev
                  + " (.bin needs order)");
        }
        long needed =
            Math.max(0, (t - Nmnist.MAX_FIELD_MICROS + Nmnist.OVERFLOW_MICROS - 1))
                / Nmnist.OVERFLOW_MICROS;
        if (needed * Nmnist.OVERFLOW_MICROS > carried) {
          markers += needed - carried / Nmnist.OVERFLOW_MICROS;
          carried = needed * Nmnist.OVERFLOW_MICROS;
        }
        prev = t;
      } else if (t > Nmnist.MAX_FIELD_MICROS) {
        throw new IllegalArgumentException(
            "event "
                + i
                + ": timestampMicros "
                + t
                + " exceeds the 23-bit field of .bs2 ("
                + Nmnist.MAX_FIELD_MICROS
                + ")");
      }
    }
    long bytes = (n + markers) * Nmnist.RECORD_BYTES;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("batch too large: " + bytes + " bytes");
    }
    if (buffer.length < bytes) {
      buffer = new byte[(int) bytes];
    }
    byte[] b = buffer;
    int p = 0;
    for (int i = 0; i < n; i++) {
      long t = ts[i];
      while (bin && t - markerTime > Nmnist.MAX_FIELD_MICROS) {
        b[p] = 0;
        b[p + 1] = (byte) Nmnist.OVERFLOW_Y;
        b[p + 2] = 0;
        b[p + 3] = 0;
        b[p + 4] = 0;
        p += Nmnist.RECORD_BYTES;
        markerTime += Nmnist.OVERFLOW_MICROS;
      }
      int field = (int) (t - markerTime);
      b[p] = (byte) xs[i];
      b[p + 1] = (byte) ys[i];
      b[p + 2] = (byte) ((ps[i] ? 0x80 : 0) | (field >>> 16));
      b[p + 3] = (byte) (field >>> 8);
      b[p + 4] = (byte) field;
      p += Nmnist.RECORD_BYTES;
    }
    out.write(b, 0, p);
    previous = prev;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
