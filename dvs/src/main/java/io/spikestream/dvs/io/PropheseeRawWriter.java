package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Prophesee RAW files in EVT 2.0 or EVT 3.0 (layouts in {@link
 * io.spikestream.dvs.io.stream.Evt2StreamDecoder} and {@link
 * io.spikestream.dvs.io.stream.Evt3StreamDecoder}) with a {@code %} header naming the encoding and
 * the geometry, so {@link EventFiles} reads them back.
 *
 * <p>Timestamps must be >= 0 and non-decreasing (the formats carry only a time base that moves
 * forward). Time high words are written when the time base changes, several when it jumps by more
 * than half the time-high range (so a reader's wrap rule sees every wrap). EVT 3.0: an event run
 * with the same time, row and polarity and increasing x is written as VECT_BASE_X and VECT_12 /
 * VECT_8 masks (holes within a vector as zero bits, a wider hole as a new VECT_BASE_X), single
 * events as EVT_ADDR_X; EVT_ADDR_Y and EVT_TIME_LOW only when they change.
 */
public final class PropheseeRawWriter implements EventWriter {

  private final OutputStream out;
  private final EventFileFormat format;
  private final SensorGeometry geometry;
  private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long previous = -1;
  private long high = -1;
  private int low = -1;
  private int y = -1;

  private PropheseeRawWriter(OutputStream out, EventFileFormat format, SensorGeometry geometry)
      throws IOException {
    this.out = out;
    this.format = format;
    this.geometry = geometry;
    String header =
        "% spikestream RAW writer\n"
            + (format == EventFileFormat.EVT2 ? "% evt 2.0\n" : "% evt 3.0\n")
            + "% geometry "
            + geometry.width()
            + "x"
            + geometry.height()
            + "\n"
            + "% end\n";
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Creates (or replaces) {@code path}.
   *
   * @param format EVT2 or EVT3
   * @param geometry at most 2048x2048; null for the usual sensor (EVT2: 640x480, EVT3: 1280x720)
   */
  public static PropheseeRawWriter create(
      Path path, EventFileFormat format, SensorGeometry geometry) throws IOException {
    if (format != EventFileFormat.EVT2 && format != EventFileFormat.EVT3) {
      throw new IllegalArgumentException("format must be EVT2 or EVT3, got " + format);
    }
    SensorGeometry g = geometry;
    if (g == null) {
      g =
          format == EventFileFormat.EVT2
              ? new SensorGeometry(640, 480)
              : new SensorGeometry(1280, 720);
    }
    if (g.width() > 2048 || g.height() > 2048) {
      throw new IllegalArgumentException("geometry must be at most 2048x2048, got " + g);
    }
    return new PropheseeRawWriter(
        new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), format, g);
  }

  @Override
  public EventFileFormat format() {
    return format;
  }

  @Override
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    long prev = previous;
    for (int i = 0; i < n; i++) {
      if (!geometry.contains(xs[i], ys[i])) {
        throw new IllegalArgumentException(
            "event " + i + ": (x, y) = (" + xs[i] + ", " + ys[i] + ") outside " + geometry);
      }
      if (ts[i] < 0 || ts[i] < prev) {
        throw new IllegalArgumentException(
            "event "
                + i
                + ": timestampMicros must be >= 0 and >= the previous "
                + prev
                + ", got "
                + ts[i]);
      }
      prev = ts[i];
    }
    previous = prev;
    if (format == EventFileFormat.EVT2) {
      writeEvt2(n, xs, ys, ps, ts);
    } else {
      writeEvt3(n, xs, ys, ps, ts);
    }
    out.write(buf.array(), 0, buf.position());
    buf.clear();
  }

  private void room(int bytes) {
    if (buf.remaining() < bytes) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + bytes))
              .order(ByteOrder.LITTLE_ENDIAN);
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }

  private void writeEvt2(int n, int[] xs, int[] ys, boolean[] ps, long[] ts) {
    long half = 1L << 27;
    for (int i = 0; i < n; i++) {
      long target = ts[i] >>> 6;
      // steps below half the 28-bit range, so the reader's wrap rule sees every wrap
      while (high != target) {
        high = high < 0 ? target : Math.min(target, high + half - 1);
        room(4);
        buf.putInt(0x8 << 28 | (int) (high & 0x0FFF_FFFF));
      }
      room(4);
      buf.putInt((ps[i] ? 1 : 0) << 28 | (int) (ts[i] & 0x3F) << 22 | xs[i] << 11 | ys[i]);
    }
  }

  private void writeEvt3(int n, int[] xs, int[] ys, boolean[] ps, long[] ts) {
    int i = 0;
    while (i < n) {
      long t = ts[i];
      long target = t >>> 12;
      while (high != target) {
        high = high < 0 ? target : Math.min(target, high + 2047);
        room(2);
        buf.putShort((short) (0x8 << 12 | (int) (high & 0xFFF)));
      }
      int l = (int) (t & 0xFFF);
      if (l != low) {
        low = l;
        room(2);
        buf.putShort((short) (0x6 << 12 | l));
      }
      if (ys[i] != y) {
        y = ys[i];
        room(2);
        buf.putShort((short) y);
      }
      // a run: same time, row and polarity, strictly increasing x
      int j = i + 1;
      while (j < n && ts[j] == t && ys[j] == y && ps[j] == ps[i] && xs[j] > xs[j - 1]) {
        j++;
      }
      int pol = ps[i] ? 0x800 : 0;
      if (j - i == 1) {
        room(2);
        buf.putShort((short) (0x2 << 12 | pol | xs[i]));
      } else {
        // at most a base word and a mask word per event
        room(4 * (j - i));
        int base = xs[i];
        buf.putShort((short) (0x3 << 12 | pol | base));
        int k = i;
        while (k < j) {
          if (xs[k] >= base + 12) {
            // a hole wider than one vector: a new base instead of empty masks
            base = xs[k];
            buf.putShort((short) (0x3 << 12 | pol | base));
          }
          int span = xs[j - 1] - base + 1;
          int bits = span <= 8 ? 8 : 12;
          int mask = 0;
          while (k < j && xs[k] < base + bits) {
            mask |= 1 << (xs[k] - base);
            k++;
          }
          buf.putShort((short) ((bits == 8 ? 0x5 : 0x4) << 12 | mask));
          base += bits;
        }
      }
      i = j;
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
