package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes Prophesee EVT 3.0: little-endian 16-bit words, the type in bits 15..12, with state.
 *
 * <ul>
 *   <li>{@code 0x0} EVT_ADDR_Y: bits 10..0 = y of the following events;
 *   <li>{@code 0x2} EVT_ADDR_X: bit 11 = polarity, bits 10..0 = x: one event at (x, y);
 *   <li>{@code 0x3} VECT_BASE_X: bit 11 = polarity, bits 10..0 = base x of the following vectors;
 *   <li>{@code 0x4} VECT_12: bits 11..0 = valid mask, bit i an event at base x + i; base x += 12;
 *   <li>{@code 0x5} VECT_8: bits 7..0 = valid mask; base x += 8;
 *   <li>{@code 0x6} EVT_TIME_LOW: bits 11..0 = timestamp bits 11..0;
 *   <li>{@code 0x8} EVT_TIME_HIGH: bits 11..0 = timestamp bits 23..12;
 *   <li>{@code 0xA} EXT_TRIGGER (counted as special); {@code 0x7} CONTINUED_4, {@code 0xE} OTHERS,
 *       {@code 0xF} CONTINUED_12 (counted as other words); any other type is a format error.
 * </ul>
 *
 * <p>Time: the 24-bit time {@code high << 12 | low} µs wraps every 16.8 s; a time high that falls
 * by more than half its 12-bit range adds 2^24 µs to all later timestamps (smaller falls are kept
 * as jitter). Time low is kept when a new time high arrives (the two halves are a bit field).
 * Events before the first EVT_TIME_HIGH have no time base and are dropped and counted (as
 * Metavision does); events outside the geometry are dropped and counted, never wrapped.
 */
public final class Evt3StreamDecoder implements ByteStreamDecoder {

  static final int WORD_BYTES = 2;
  private static final int HIGH_RANGE = 1 << 12;
  private static final int CHUNK_WORDS = 1 << 12;
  private static final long WRAP_MICROS = 1L << 24;

  private final int width;
  private final int height;
  private long offset;
  private int y;
  private int baseX;
  private boolean on;
  private int timeLow;
  private int previousHighRaw = -1;
  private long high = -1;
  private long wraps;
  private long outOfRange;
  private long beforeTimeBase;
  private long triggers;
  private long otherWords;

  /**
   * @param geometry the sensor; events outside it are dropped
   * @param startOffset byte offset of the first word in its file or stream (for error messages)
   */
  public Evt3StreamDecoder(SensorGeometry geometry, long startOffset) {
    this.width = geometry.width();
    this.height = geometry.height();
    this.offset = startOffset;
  }

  /** A decoder whose offsets count from the first byte it is given. */
  public Evt3StreamDecoder(SensorGeometry geometry) {
    this(geometry, 0);
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    int start = src.position();
    int words = src.remaining() / WORD_BYTES;
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    ByteOrder order = src.order();
    src.order(ByteOrder.LITTLE_ENDIAN);
    int end = start + words * WORD_BYTES;
    int cy = y;
    int bx = baseX;
    boolean pol = on;
    int low = timeLow;
    long hi = high;
    long t = hi < 0 ? -1 : hi | low;
    int p = start;
    try {
      int chunkEnd = start;
      for (; p < end; p += WORD_BYTES) {
        if (p == chunkEnd) {
          // a VECT_12 word yields up to 12 events: make room for a chunk of words at a time
          chunkEnd = Math.min(end, p + CHUNK_WORDS * WORD_BYTES);
          out.setSize(n);
          out.ensureCapacity(n + (chunkEnd - p) / WORD_BYTES * 12);
          xs = out.xs();
          ys = out.ys();
          ps = out.polarities();
          ts = out.timestampsMicros();
        }
        int w = src.getShort(p) & 0xFFFF;
        switch (w >>> 12) {
          case 0x0 -> cy = w & 0x7FF;
          case 0x2 -> {
            int x = w & 0x7FF;
            if (t < 0) {
              beforeTimeBase++;
            } else if (x >= width || cy >= height) {
              outOfRange++;
            } else {
              xs[n] = x;
              ys[n] = cy;
              ps[n] = (w & 0x800) != 0;
              ts[n] = t;
              n++;
            }
          }
          case 0x3 -> {
            bx = w & 0x7FF;
            pol = (w & 0x800) != 0;
          }
          case 0x4 -> {
            n = vector(w & 0xFFF, bx, cy, pol, t, n, xs, ys, ps, ts);
            bx += 12;
          }
          case 0x5 -> {
            n = vector(w & 0xFF, bx, cy, pol, t, n, xs, ys, ps, ts);
            bx += 8;
          }
          case 0x6 -> {
            low = w & 0xFFF;
            t = hi < 0 ? -1 : hi | low;
          }
          case 0x8 -> {
            int raw = w & 0xFFF;
            // a fall of more than half the 12-bit range is a wrap of the 24-bit time, not jitter
            if (previousHighRaw >= 0 && previousHighRaw - raw > HIGH_RANGE / 2) {
              wraps += WRAP_MICROS;
            }
            previousHighRaw = raw;
            hi = wraps + ((long) raw << 12);
            t = hi | low;
          }
          case 0xA -> triggers++;
          case 0x7, 0xE, 0xF -> otherWords++;
          default ->
              throw new EventFormatException(
                  String.format(
                      "EVT 3.0: word 0x%04x has unknown type 0x%x (known: 0x0, 0x2-0x8, 0xA, 0xE, 0xF)",
                      w, w >>> 12),
                  offset + (p - start));
        }
      }
    } finally {
      y = cy;
      baseX = bx;
      on = pol;
      timeLow = low;
      high = hi;
      out.setSize(n);
      src.position(p);
      offset += p - start;
      src.order(order);
    }
  }

  /** Appends one event per set bit of {@code mask} at x = base + bit; returns the new size. */
  private int vector(
      int mask,
      int base,
      int y,
      boolean pol,
      long t,
      int n,
      int[] xs,
      int[] ys,
      boolean[] ps,
      long[] ts) {
    if (t < 0) {
      beforeTimeBase += Integer.bitCount(mask);
      return n;
    }
    if (y >= height || base + 12 > width) {
      // slow path near or past the edge: check every x
      int m = mask;
      while (m != 0) {
        int x = base + Integer.numberOfTrailingZeros(m);
        m &= m - 1;
        if (x >= width || y >= height) {
          outOfRange++;
          continue;
        }
        xs[n] = x;
        ys[n] = y;
        ps[n] = pol;
        ts[n] = t;
        n++;
      }
      return n;
    }
    int m = mask;
    while (m != 0) {
      xs[n] = base + Integer.numberOfTrailingZeros(m);
      ys[n] = y;
      ps[n] = pol;
      ts[n] = t;
      n++;
      m &= m - 1;
    }
    return n;
  }

  @Override
  public long eventsDropped() {
    return outOfRange + beforeTimeBase;
  }

  /** Events whose coordinates fell outside the geometry. */
  public long outOfRange() {
    return outOfRange;
  }

  /** Events before the first EVT_TIME_HIGH word. */
  public long beforeTimeBase() {
    return beforeTimeBase;
  }

  /** EXT_TRIGGER words. */
  public long triggers() {
    return triggers;
  }

  /** CONTINUED_4, OTHERS and CONTINUED_12 words. */
  public long otherWords() {
    return otherWords;
  }

  /** Offset of the next byte to decode from the start of the file or stream. */
  public long bytePosition() {
    return offset;
  }

  @Override
  public long specialRecords() {
    return triggers;
  }

  @Override
  public long otherRecords() {
    return otherWords;
  }
}
