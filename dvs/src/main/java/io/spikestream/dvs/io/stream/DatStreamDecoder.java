package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the records of a Prophesee DAT file (after its {@code %} header and the two bytes of
 * event type and event size): little-endian uint32 timestamp µs, uint32 address with x in bits
 * 13..0, y in bits 27..14 and polarity in bits 31..28 (non-zero = ON); bytes beyond the first 8 of
 * a larger record are ignored.
 *
 * <p>The 32-bit timestamps are unwrapped as in AEDAT 2.0: a fall of more than 2^31 µs adds 2^32 to
 * it and all later ones. Events outside the geometry are dropped and counted, never wrapped.
 */
public final class DatStreamDecoder implements ByteStreamDecoder {

  private static final long WRAP = 1L << 32;
  private static final long HALF_WRAP = 1L << 31;

  private final int width;
  private final int height;
  private final int recordBytes;
  private long offset;
  private long previousRaw = -1;
  private long wraps;
  private long outOfRange;

  /**
   * @param geometry the sensor; events outside it are dropped
   * @param recordBytes the header's event size, at least 8
   * @param startOffset offset of the first record in the file, for error messages
   */
  public DatStreamDecoder(SensorGeometry geometry, int recordBytes, long startOffset) {
    if (recordBytes < 8 || recordBytes > 255) {
      throw new IllegalArgumentException("recordBytes must be in 8..255, got " + recordBytes);
    }
    this.width = geometry.width();
    this.height = geometry.height();
    this.recordBytes = recordBytes;
    this.offset = startOffset;
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    int start = src.position();
    int records = src.remaining() / recordBytes;
    out.ensureCapacity(out.size() + records);
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    ByteOrder order = src.order();
    src.order(ByteOrder.LITTLE_ENDIAN);
    int end = start + records * recordBytes;
    long previous = previousRaw;
    long w = wraps;
    for (int p = start; p < end; p += recordBytes) {
      long t = src.getInt(p) & 0xFFFF_FFFFL;
      int a = src.getInt(p + 4);
      // unwrap: a drop of more than half the 32-bit range is a wrap, not jitter
      if (previous - t > HALF_WRAP) {
        w += WRAP;
      }
      previous = t;
      int x = a & 0x3FFF;
      int y = (a >>> 14) & 0x3FFF;
      if (x >= width || y >= height) {
        outOfRange++;
        continue;
      }
      xs[n] = x;
      ys[n] = y;
      ps[n] = (a >>> 28) != 0;
      ts[n] = t + w;
      n++;
    }
    previousRaw = previous;
    wraps = w;
    out.setSize(n);
    src.position(end);
    src.order(order);
    offset += end - start;
  }

  @Override
  public long eventsDropped() {
    return outOfRange;
  }

  /** Offset of the next byte to decode from the start of the file. */
  public long bytePosition() {
    return offset;
  }
}
