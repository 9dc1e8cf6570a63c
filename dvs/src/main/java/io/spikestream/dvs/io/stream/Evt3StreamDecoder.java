package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  /** Four words at a time, the first word in the low 16 bits. */
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The type bits that are 0 in EVT_ADDR_Y (0x0) and EVT_ADDR_X (0x2), in each of four words. */
  private static final long NOT_ADDR_QUAD = 0xD000_D000_D000_D000L;

  private static final long TYPE_QUAD = 0xF000_F000_F000_F000L;

  /** VECT_BASE_X, VECT_12, VECT_12, VECT_8 (first word lowest): one 32-column vector group. */
  private static final long GROUP_QUAD = 0x5000_4000_4000_3000L;

  /** Columns covered by one {@link #GROUP_QUAD}: 12 + 12 + 8. */
  private static final int GROUP_COLUMNS = 32;

  /** The 11-bit row or column of each of four address words. */
  private static final long VALUE_QUAD = 0x07FF_07FF_07FF_07FFL;

  /** Bit 15 of each of four words. */
  private static final long TOP_QUAD = 0x8000_8000_8000_8000L;

  /** 1 in each of four 16-bit lanes: {@code c * LANES} puts {@code c} in each lane. */
  private static final long LANES = 0x0001_0001_0001_0001L;

  private final int width;
  private final int height;

  /**
   * Per lane {@code 0x8000 - limit}: bit 15 of {@code value + addend} is set iff value >= limit.
   */
  private final long columnAddend;

  private final long rowAddend;
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
  private int consumedWords;
  private byte[] scratch = new byte[0];

  /**
   * @param geometry the sensor; events outside it are dropped
   * @param startOffset byte offset of the first word in its file or stream (for error messages)
   */
  public Evt3StreamDecoder(SensorGeometry geometry, long startOffset) {
    this.width = geometry.width();
    this.height = geometry.height();
    this.offset = startOffset;
    // an 11-bit value is below any limit >= 2048; the addend stays in 0x7800..0x7FFF, so value +
    // addend <= 0x87FE never carries into the next lane
    this.columnAddend = (0x8000L - Math.min(width, 0x800)) * LANES;
    this.rowAddend = (0x8000L - Math.min(height, 0x800)) * LANES;
  }

  /** A decoder whose offsets count from the first byte it is given. */
  public Evt3StreamDecoder(SensorGeometry geometry) {
    this(geometry, 0);
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    int start = src.position();
    int words = src.remaining() / WORD_BYTES;
    byte[] a;
    int base;
    if (src.hasArray()) {
      a = src.array();
      base = src.arrayOffset() + start;
    } else {
      if (scratch.length < words * WORD_BYTES) {
        scratch = new byte[Math.max(words * WORD_BYTES, scratch.length * 2)];
      }
      src.get(start, scratch, 0, words * WORD_BYTES);
      a = scratch;
      base = 0;
    }
    consumedWords = 0;
    try {
      decodeWords(a, base, words, out);
    } finally {
      src.position(start + consumedWords * WORD_BYTES);
      offset += (long) consumedWords * WORD_BYTES;
    }
  }

  /**
   * Decodes {@code words} words from {@code a[base]}; returns the number consumed (all of them, or
   * the index of a bad word when it throws, through the {@code finally} of the caller).
   *
   * <p>The shape is chosen for speed on real recordings (docs/benchmarks.md, camera decode), where
   * ~85 % of the words are EVT_ADDR_Y / EVT_ADDR_X and most vectors come as one 32-column group. At
   * each position the next four words are read as one long. Four address words whose rows and
   * columns are all on the sensor (checked for the four at once, {@link #onSensorAddressQuad}) are
   * decoded in straight-line code with neither a data-dependent branch nor a per-word range check,
   * and so are the following quads of such a run; four address words with one off the sensor take a
   * checked variant; a VECT_BASE_X, VECT_12, VECT_12, VECT_8 group is one 32-bit mask; anything
   * else (time words, other vectors, the last words of a read) takes the word-by-word state
   * machine. The position advances by a constant per path, so the branch predictor, not a
   * dependency on the decoded data, decides where the next read is (a variant that advanced by the
   * number of leading address words was slower). Every path has the semantics of the word-by-word
   * one, which the tests check on random streams cut anywhere.
   */
  private int decodeWords(byte[] a, int base, int words, EventBatch out)
      throws EventFormatException {
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    int cy = y;
    int bx = baseX;
    boolean pol = on;
    int low = timeLow;
    long hi = high;
    long t = hi < 0 ? -1 : hi | low;
    int i = 0;
    int chunkEnd = 0;
    while (i < words) {
      if (i >= chunkEnd) {
        // a VECT_12 word yields up to 12 events: make room for a chunk of words at a time; every
        // path writes its events (and the not-taken ones) below n + 12 * (words left in the chunk)
        chunkEnd = Math.min(words, i + CHUNK_WORDS);
        out.setSize(n);
        out.ensureCapacity(n + (chunkEnd - i) * 12);
        xs = out.xs();
        ys = out.ys();
        ps = out.polarities();
        ts = out.timestampsMicros();
      }
      if (i + 4 <= chunkEnd) {
        long q = (long) LONG_LE.get(a, base + 2 * i);
        if (t >= 0 && cy < height && onSensorAddressQuad(q)) {
          // runs of four EVT_ADDR_Y / EVT_ADDR_X words all on the sensor, with a time base: each
          // word is written at n, n advances for each EVT_ADDR_X; no data-dependent branch
          while (true) {
            for (int shift = 0; shift < 64; shift += 16) {
              int w = (int) (q >>> shift);
              int v = w & 0x7FF;
              int isX = (w >>> 13) & 1;
              cy = (v & (isX - 1)) | (cy & -isX); // v for EVT_ADDR_Y, cy for EVT_ADDR_X
              xs[n] = v;
              ys[n] = cy;
              ps[n] = (w & 0x800) != 0;
              ts[n] = t;
              n += isX;
            }
            i += 4;
            if (i + 4 > chunkEnd) {
              break;
            }
            q = (long) LONG_LE.get(a, base + 2 * i);
            if (cy >= height || !onSensorAddressQuad(q)) {
              break;
            }
          }
          continue;
        }
        if ((q & NOT_ADDR_QUAD) == 0) {
          // four address words of which some are off the sensor or before the time base
          int xCount = 0;
          int okCount = 0;
          for (int shift = 0; shift < 64; shift += 16) {
            int w = (int) (q >>> shift);
            int v = w & 0x7FF;
            int isX = (w >>> 13) & 1;
            cy = (v & (isX - 1)) | (cy & -isX);
            xs[n] = v;
            ys[n] = cy;
            ps[n] = (w & 0x800) != 0;
            ts[n] = t;
            int ok = (t >= 0 & v < width & cy < height) ? isX : 0;
            xCount += isX;
            okCount += ok;
            n += ok;
          }
          if (t < 0) {
            beforeTimeBase += xCount - okCount;
          } else {
            outOfRange += xCount - okCount;
          }
          i += 4;
          continue;
        }
        if ((q & TYPE_QUAD) == GROUP_QUAD) {
          int b = (int) q & 0x7FF;
          if (t >= 0 && cy < height && b + GROUP_COLUMNS <= width) {
            // one vector group, all on the sensor: the event of bit i of the 32-bit mask is at
            // x = base + i, as the three vector words one by one would give (12 + 12 + 8 bits)
            boolean p = (q & 0x800) != 0;
            int m =
                ((int) (q >>> 16) & 0xFFF)
                    | ((int) (q >>> 32) & 0xFFF) << 12
                    | ((int) (q >>> 48) & 0xFF) << 24;
            while (m != 0) {
              xs[n] = b + Integer.numberOfTrailingZeros(m);
              ys[n] = cy;
              ps[n] = p;
              ts[n] = t;
              n++;
              m &= m - 1;
            }
            bx = b + GROUP_COLUMNS;
            pol = p;
            i += 4;
            continue;
          }
        }
      }
      int j = base + 2 * i;
      int w = (a[j] & 0xFF) | (a[j + 1] & 0xFF) << 8;
      int type = w >>> 12;
      if ((w & 0xD000) == 0) {
        // EVT_ADDR_Y (0x0) or EVT_ADDR_X (0x2), as in the four-word path
        int v = w & 0x7FF;
        int isX = (w >>> 13) & 1;
        cy = isX == 0 ? v : cy;
        xs[n] = v;
        ys[n] = cy;
        ps[n] = (w & 0x800) != 0;
        ts[n] = t;
        int ok = (t >= 0 & v < width & cy < height) ? isX : 0;
        n += ok;
        if (ok != isX) {
          if (t < 0) {
            beforeTimeBase++;
          } else {
            outOfRange++;
          }
        }
        i++;
        continue;
      }
      switch (type) {
        case 0x3 -> {
          bx = w & 0x7FF;
          pol = (w & 0x800) != 0;
        }
        case 0x4, 0x5 -> {
          int bits = type == 0x4 ? 12 : 8;
          int m = w & ((1 << bits) - 1);
          if (t < 0 || cy >= height || bx + bits > width) {
            n = vector(m, bx, cy, pol, t, n, xs, ys, ps, ts);
          } else {
            // fast path: every x of the vector is on the sensor
            while (m != 0) {
              xs[n] = bx + Integer.numberOfTrailingZeros(m);
              ys[n] = cy;
              ps[n] = pol;
              ts[n] = t;
              n++;
              m &= m - 1;
            }
          }
          bx += bits;
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
        default -> {
          // no try/finally around the loop: state lives in registers, saved here and at the end
          save(cy, bx, pol, low, hi, n, out, i);
          throw new EventFormatException(
              String.format(
                  "EVT 3.0: word 0x%04x has unknown type 0x%x (known: 0x0, 0x2-0x8, 0xA, 0xE,"
                      + " 0xF)",
                  w, type),
              offset + 2L * i);
        }
      }
      i++;
    }
    save(cy, bx, pol, low, hi, n, out, i);
    return i;
  }

  /**
   * True when the four words of {@code q} are EVT_ADDR_Y / EVT_ADDR_X words whose rows are below
   * the height and whose columns are below the width: four compares at once, one per 16-bit lane.
   */
  private boolean onSensorAddressQuad(long q) {
    long values = q & VALUE_QUAD;
    long columnLanes = q << 2; // bit 13 (EVT_ADDR_X) of each word at bit 15 of its lane
    long over = ((values + columnAddend) & columnLanes | (values + rowAddend) & ~columnLanes);
    return (q & NOT_ADDR_QUAD) == 0 && (over & TOP_QUAD) == 0;
  }

  private void save(int cy, int bx, boolean pol, int low, long hi, int n, EventBatch out, int i) {
    y = cy;
    baseX = bx;
    on = pol;
    timeLow = low;
    high = hi;
    out.setSize(n);
    consumedWords = i;
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
