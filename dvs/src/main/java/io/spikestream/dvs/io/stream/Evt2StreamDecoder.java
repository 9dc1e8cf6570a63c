package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes Prophesee EVT 2.0: little-endian 32-bit words, the type in bits 31..28.
 *
 * <ul>
 *   <li>{@code 0x0} CD_OFF, {@code 0x1} CD_ON: bits 27..22 = the 6 low bits of the timestamp, bits
 *       21..11 = x, bits 10..0 = y;
 *   <li>{@code 0x8} EVT_TIME_HIGH: bits 27..0 = timestamp bits 33..6;
 *   <li>{@code 0xA} EXT_TRIGGER (counted as special), {@code 0xE} OTHERS and {@code 0xF} CONTINUED
 *       (counted as other words); any other type is a format error.
 * </ul>
 *
 * <p>Time: {@code t = timeHigh << 6 | low} in µs. The 34-bit time wraps (about 4.8 hours); a time
 * high that falls by more than half its range adds 2^34 to all later timestamps. Events before the
 * first EVT_TIME_HIGH have no time base and are dropped and counted (as Metavision does); events
 * outside the geometry are dropped and counted, never wrapped.
 */
public final class Evt2StreamDecoder implements ByteStreamDecoder {

  static final int WORD_BYTES = 4;
  private static final long HIGH_RANGE = 1L << 28;
  private static final long WRAP_MICROS = 1L << 34;

  private final int width;
  private final int height;
  private long offset;
  private long previousHighRaw = -1;
  private long timeBase = -1;
  private long wraps;
  private long outOfRange;
  private long beforeTimeBase;
  private long triggers;
  private long otherWords;

  /**
   * @param geometry the sensor; events outside it are dropped
   * @param startOffset byte offset of the first word in its file or stream (for error messages)
   */
  public Evt2StreamDecoder(SensorGeometry geometry, long startOffset) {
    this.width = geometry.width();
    this.height = geometry.height();
    this.offset = startOffset;
  }

  /** A decoder whose offsets count from the first byte it is given. */
  public Evt2StreamDecoder(SensorGeometry geometry) {
    this(geometry, 0);
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    int start = src.position();
    int words = src.remaining() / WORD_BYTES;
    out.ensureCapacity(out.size() + words);
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    ByteOrder order = src.order();
    src.order(ByteOrder.LITTLE_ENDIAN);
    try {
      int end = start + words * WORD_BYTES;
      long base = timeBase;
      for (int p = start; p < end; p += WORD_BYTES) {
        int w = src.getInt(p);
        int type = w >>> 28;
        if (type <= 1) {
          if (base < 0) {
            beforeTimeBase++;
            continue;
          }
          int x = (w >>> 11) & 0x7FF;
          int y = w & 0x7FF;
          if (x >= width || y >= height) {
            outOfRange++;
            continue;
          }
          xs[n] = x;
          ys[n] = y;
          ps[n] = type == 1;
          ts[n] = base | ((w >>> 22) & 0x3F);
          n++;
        } else if (type == 0x8) {
          long raw = w & 0x0FFF_FFFFL;
          // a fall of more than half the 28-bit range is a wrap of the 34-bit time, not jitter
          if (previousHighRaw >= 0 && previousHighRaw - raw > HIGH_RANGE / 2) {
            wraps += WRAP_MICROS;
          }
          previousHighRaw = raw;
          base = (raw << 6) + wraps;
        } else if (type == 0xA) {
          triggers++;
        } else if (type == 0xE || type == 0xF) {
          otherWords++;
        } else {
          timeBase = base;
          out.setSize(n);
          src.position(p);
          offset += p - start;
          throw new EventFormatException(
              String.format(
                  "EVT 2.0: word 0x%08x has unknown type 0x%x (known: 0x0, 0x1, 0x8, 0xA, 0xE, 0xF)",
                  w, type),
              offset);
        }
      }
      timeBase = base;
      out.setSize(n);
      src.position(end);
      offset += end - start;
    } finally {
      src.order(order);
    }
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

  /** OTHERS and CONTINUED words. */
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
