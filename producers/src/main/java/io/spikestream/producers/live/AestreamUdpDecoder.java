package io.spikestream.producers.live;

import io.spikestream.dvs.EventBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes AEStream's UDP event packets (aestream {@code src/output/dvs_to_udp.cpp}, the SPIF-style
 * encoding): a datagram is a sequence of 32-bit words in the sender's byte order (little-endian on
 * the x86 and ARM hosts AEStream runs on). Each event word is
 *
 * <pre>
 * bit 31      1 = no timestamp word follows, 0 = the next word is the timestamp
 * bits 30..16 x (15 bits)
 * bit 15      polarity (1 = ON)
 * bits 14..0  y (15 bits)
 * </pre>
 *
 * and, when bit 31 is 0, the next word is the event's timestamp in microseconds as an unsigned
 * 32-bit number. 32-bit timestamps wrap every 71.6 minutes; the decoder unwraps them (a jump back
 * of more than half the range counts as a wrap). Events without a timestamp get the datagram's
 * arrival time. The format has no sequence numbers, so lost datagrams cannot be detected. A
 * timestamped word without its timestamp word at the end of a datagram, and trailing bytes that do
 * not make a word, are dropped and counted. Small final kernel: no I/O.
 */
public final class AestreamUdpDecoder {

  /** Bit 31 of an event word: no timestamp word follows. */
  public static final int NO_TIMESTAMP = 0x8000_0000;

  private static final long WRAP = 1L << 32;

  private long wrapOffset;
  private long lastRaw = -1;
  private long drops;

  /**
   * Appends the events of one datagram ({@code datagram}'s remaining bytes) to {@code out}.
   *
   * @param arrivalMicros timestamp for events sent without one
   * @return the number of events appended
   */
  public int decode(ByteBuffer datagram, EventBatch out, long arrivalMicros) {
    ByteBuffer b = datagram.slice().order(ByteOrder.LITTLE_ENDIAN);
    int words = b.remaining() >>> 2;
    if ((b.remaining() & 3) != 0) {
      drops++;
    }
    out.ensureCapacity(out.size() + words);
    int before = out.size();
    for (int i = 0; i < words; i++) {
      int w = b.getInt(i << 2);
      int x = (w >>> 16) & 0x7FFF;
      int y = w & 0x7FFF;
      boolean on = (w & 0x8000) != 0;
      long t;
      if ((w & NO_TIMESTAMP) != 0) {
        t = arrivalMicros;
      } else if (i + 1 < words) {
        i++;
        t = unwrap(b.getInt(i << 2) & 0xFFFF_FFFFL);
      } else {
        drops++;
        break;
      }
      out.add(x, y, on, t);
    }
    return out.size() - before;
  }

  /** Adds the wraps seen so far to a raw 32-bit timestamp. */
  private long unwrap(long raw) {
    // a jump back by more than half the 32-bit range is a wrap, a smaller one is disorder
    if (lastRaw >= 0 && raw < lastRaw && lastRaw - raw > (WRAP >>> 1)) {
      wrapOffset += WRAP;
    }
    lastRaw = raw;
    return wrapOffset + raw;
  }

  /** Words or bytes dropped so far. */
  public long drops() {
    return drops;
  }

  /** Forgets the wrap state (a new sender). */
  public void reset() {
    wrapOffset = 0;
    lastRaw = -1;
  }
}
