package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the packets of an AEDAT 3.1 file (after its {@code #!END-HEADER} line), as libcaer writes
 * them: a 28-byte little-endian header (int16 eventType, int16 eventSource, int32 eventSize, int32
 * eventTSOffset, int32 eventTSOverflow, int32 eventCapacity, int32 eventNumber, int32 eventValid)
 * followed by {@code eventCapacity * eventSize} bytes of events.
 *
 * <p>Polarity packets (type 1, 8-byte events): uint32 data with bit 0 = valid mark, bit 1 =
 * polarity (1 = ON), bits 16..2 = y, bits 31..17 = x; int32 timestamp, extended to 64 bits as
 * {@code eventTSOverflow << 31 | timestamp}. Invalid events are skipped and counted as other
 * records; special packets (type 0) are counted as special records (their events); packets of other
 * types (frames, IMU, ...) are counted as other records (one per packet). Events outside the
 * geometry are dropped and counted.
 */
public final class Aedat31StreamDecoder implements ByteStreamDecoder {

  /** Bytes of a packet header. */
  public static final int HEADER_BYTES = 28;

  /** Event type of special events. */
  public static final int SPECIAL_EVENT = 0;

  /** Event type of polarity events. */
  public static final int POLARITY_EVENT = 1;

  private static final int MAX_PACKET = 1 << 30;

  private final int width;
  private final int height;
  private long offset;
  private int wanted = HEADER_BYTES;
  private long outOfRange;
  private long special;
  private long other;

  /**
   * @param geometry the sensor; events outside it are dropped
   * @param startOffset offset of the first packet in the file or stream, for error messages
   */
  public Aedat31StreamDecoder(SensorGeometry geometry, long startOffset) {
    this.width = geometry.width();
    this.height = geometry.height();
    this.offset = startOffset;
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    ByteOrder order = src.order();
    src.order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (src.remaining() >= HEADER_BYTES) {
        int p = src.position();
        int type = src.getShort(p);
        int size = src.getInt(p + 4);
        int tsOffset = src.getInt(p + 8);
        long overflow = src.getInt(p + 12) & 0xFFFF_FFFFL;
        int capacity = src.getInt(p + 16);
        int number = src.getInt(p + 20);
        if (size < 1 || capacity < 0 || number < 0 || number > capacity) {
          throw new EventFormatException(
              "AEDAT 3.1: packet header has eventSize "
                  + size
                  + ", eventCapacity "
                  + capacity
                  + ", eventNumber "
                  + number,
              offset);
        }
        long bytes = (long) capacity * size;
        if (bytes > MAX_PACKET) {
          throw new EventFormatException(
              "AEDAT 3.1: packet of " + bytes + " bytes is implausible", offset);
        }
        if (src.remaining() < HEADER_BYTES + bytes) {
          wanted = (int) (HEADER_BYTES + bytes);
          return;
        }
        int body = p + HEADER_BYTES;
        if (type == POLARITY_EVENT) {
          if (size < 8 || tsOffset < 0 || tsOffset + 4 > size) {
            throw new EventFormatException(
                "AEDAT 3.1: polarity packet with eventSize "
                    + size
                    + " and eventTSOffset "
                    + tsOffset,
                offset);
          }
          polarity(src, body, size, tsOffset, overflow << 31, number, out);
        } else if (type == SPECIAL_EVENT) {
          special += number;
        } else {
          other++;
        }
        src.position(body + (int) bytes);
        offset += HEADER_BYTES + bytes;
      }
      wanted = HEADER_BYTES;
    } finally {
      src.order(order);
    }
  }

  private void polarity(
      ByteBuffer src, int body, int size, int tsOffset, long high, int number, EventBatch out) {
    out.ensureCapacity(out.size() + number);
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    for (int i = 0, p = body; i < number; i++, p += size) {
      int data = src.getInt(p);
      if ((data & 1) == 0) {
        other++;
        continue;
      }
      int x = (data >>> 17) & 0x7FFF;
      int y = (data >>> 2) & 0x7FFF;
      if (x >= width || y >= height) {
        outOfRange++;
        continue;
      }
      xs[n] = x;
      ys[n] = y;
      ps[n] = (data & 2) != 0;
      ts[n] = high | (src.getInt(p + tsOffset) & 0x7FFF_FFFFL);
      n++;
    }
    out.setSize(n);
  }

  /** Bytes the next packet needs in the buffer. */
  public int bytesWanted() {
    return wanted;
  }

  @Override
  public long eventsDropped() {
    return outOfRange;
  }

  @Override
  public long specialRecords() {
    return special;
  }

  @Override
  public long otherRecords() {
    return other;
  }

  /** Offset of the next byte to decode from the start of the file or stream. */
  public long bytePosition() {
    return offset;
  }
}
