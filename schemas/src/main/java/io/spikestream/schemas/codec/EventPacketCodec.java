package io.spikestream.schemas.codec;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketFormatException.Field;
import io.spikestream.schemas.codec.EventPacketFormatException.Problem;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Packs events into {@link EventPacket} records and unpacks them, following the layout in the
 * schema's doc string (DESIGN section 5): x and y as little-endian uint16 columns, polarity as
 * LSB-first bits (1 = ON), timestamps as zigzag LEB128 varints of the delta from the previous event
 * (the first from {@code baseTimestampMicros}), so timestamps may go backwards and any {@code long}
 * survives the round trip (deltas wrap in two's complement and unwrap the same way).
 *
 * <p>Decoding validates everything it reads: the byte lengths against {@code eventCount}, the
 * geometry, coordinates against width and height (out-of-range events are dropped and counted, or
 * rejected, never wrapped) and varint overruns; every failure is an {@link
 * EventPacketFormatException} naming the field and the problem.
 *
 * <p>An instance keeps scratch buffers between calls: it is not thread-safe, keep one per thread.
 */
public final class EventPacketCodec {

  /** Largest width or height: coordinates are uint16, so x &lt; width &lt;= 65535. */
  public static final int MAX_DIMENSION = 0xFFFF;

  /** Longest zigzag LEB128 varint of a 64-bit value: ceil(64 / 7) bytes. */
  static final int MAX_VARINT_BYTES = 10;

  /** uint16 little-endian view of a byte[] (one bounds check per access, no byte shuffling). */
  private static final VarHandle U16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] varintScratch = new byte[0];
  private final byte[][] columnScratch = {new byte[0], new byte[0], new byte[0], new byte[0]};

  /**
   * Packs {@code count} events starting at {@code from}, with the first event's timestamp as the
   * base (or the sample start for an empty packet of a sample, else 0).
   *
   * @throws EventPacketFormatException when a coordinate lies outside width/height or the geometry
   *     is invalid
   */
  public EventPacket encode(
      String sensorId,
      long sequence,
      int width,
      int height,
      int[] xs,
      int[] ys,
      boolean[] polarities,
      long[] timestampsMicros,
      int from,
      int count,
      SampleInfo sample) {
    long base =
        count > 0 ? timestampsMicros[from] : sample != null ? sample.getSampleStartMicros() : 0L;
    return encode(
        sensorId,
        sequence,
        width,
        height,
        base,
        xs,
        ys,
        polarities,
        timestampsMicros,
        from,
        count,
        sample);
  }

  /**
   * Packs {@code count} events starting at {@code from} relative to an explicit time base.
   *
   * @throws EventPacketFormatException when a coordinate lies outside width/height or the geometry
   *     is invalid
   */
  public EventPacket encode(
      String sensorId,
      long sequence,
      int width,
      int height,
      long baseTimestampMicros,
      int[] xs,
      int[] ys,
      boolean[] polarities,
      long[] timestampsMicros,
      int from,
      int count,
      SampleInfo sample) {
    Objects.requireNonNull(sensorId, "sensorId");
    checkGeometry(width, height);
    if (count < 0) {
      throw new EventPacketFormatException(
          Field.EVENT_COUNT, Problem.INVALID_VALUE, "count must be >= 0, got " + count);
    }
    Objects.checkFromIndexSize(from, count, xs.length);
    Objects.checkFromIndexSize(from, count, ys.length);
    Objects.checkFromIndexSize(from, count, polarities.length);
    Objects.checkFromIndexSize(from, count, timestampsMicros.length);

    byte[] xb = new byte[2 * count];
    byte[] yb = new byte[2 * count];
    byte[] pb = new byte[(count + 7) >>> 3];
    if (varintScratch.length < MAX_VARINT_BYTES * count) {
      varintScratch = new byte[MAX_VARINT_BYTES * count];
    }
    byte[] s = varintScratch;
    int p = 0;
    long prev = baseTimestampMicros;
    for (int i = 0; i < count; i++) {
      int x = xs[from + i];
      int y = ys[from + i];
      // unsigned compare: a negative coordinate is out of range as well
      if (Integer.compareUnsigned(x, width) >= 0) {
        throw outOfRange(Field.X, i, x, width);
      }
      if (Integer.compareUnsigned(y, height) >= 0) {
        throw outOfRange(Field.Y, i, y, height);
      }
      U16.set(xb, 2 * i, (short) x);
      U16.set(yb, 2 * i, (short) y);
      long t = timestampsMicros[from + i];
      long d = t - prev; // wraps for extreme gaps; decoding adds it back with the same wrap
      prev = t;
      long z = (d << 1) ^ (d >> 63); // zigzag: small magnitudes of either sign -> small values
      while ((z & ~0x7FL) != 0) {
        s[p++] = (byte) ((z & 0x7F) | 0x80);
        z >>>= 7;
      }
      s[p++] = (byte) z;
    }
    int fullBytes = count >>> 3;
    for (int b = 0; b < fullBytes; b++) {
      int j = from + (b << 3);
      int v =
          (polarities[j] ? 1 : 0)
              | (polarities[j + 1] ? 2 : 0)
              | (polarities[j + 2] ? 4 : 0)
              | (polarities[j + 3] ? 8 : 0)
              | (polarities[j + 4] ? 16 : 0)
              | (polarities[j + 5] ? 32 : 0)
              | (polarities[j + 6] ? 64 : 0)
              | (polarities[j + 7] ? 128 : 0);
      pb[b] = (byte) v;
    }
    for (int i = fullBytes << 3; i < count; i++) {
      if (polarities[from + i]) {
        pb[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return EventPacket.newBuilder()
        .setSensorId(sensorId)
        .setSequence(sequence)
        .setWidth(width)
        .setHeight(height)
        .setBaseTimestampMicros(baseTimestampMicros)
        .setEventCount(count)
        .setX(ByteBuffer.wrap(xb))
        .setY(ByteBuffer.wrap(yb))
        .setPolarity(ByteBuffer.wrap(pb))
        .setTimestampDeltas(ByteBuffer.wrap(Arrays.copyOf(s, p)))
        .setSample(sample)
        .build();
  }

  /**
   * Checks what can be checked without reading the events: geometry, {@code eventCount} and the
   * lengths of the fixed-size columns. Cheap (no per-event work); {@link #decode} does it too.
   *
   * @throws EventPacketFormatException naming the first field that is wrong
   */
  public static void checkLayout(EventPacket packet) {
    checkGeometry(packet.getWidth(), packet.getHeight());
    int n = packet.getEventCount();
    if (n < 0) {
      throw new EventPacketFormatException(
          Field.EVENT_COUNT, Problem.INVALID_VALUE, "eventCount must be >= 0, got " + n);
    }
    checkLength(Field.X, packet.getX(), 2L * n, n);
    checkLength(Field.Y, packet.getY(), 2L * n, n);
    checkLength(Field.POLARITY, packet.getPolarity(), (n + 7L) >>> 3, n);
    ByteBuffer ts = packet.getTimestampDeltas();
    long tsLen = ts == null ? 0 : ts.remaining();
    if (tsLen < n || tsLen > (long) MAX_VARINT_BYTES * n) {
      throw new EventPacketFormatException(
          Field.TIMESTAMP_DELTAS,
          Problem.LENGTH_MISMATCH,
          "eventCount "
              + n
              + " needs "
              + n
              + ".."
              + (long) MAX_VARINT_BYTES * n
              + " bytes of varints, got "
              + tsLen);
    }
  }

  /**
   * Unpacks {@code packet} into {@code out}, replacing its content; events outside the geometry are
   * handled by {@code outOfRange}.
   *
   * @return the number of events kept ({@code out.size()})
   * @throws EventPacketFormatException when the packet breaks the layout, or on an out-of-range
   *     event with {@link OutOfRange#REJECT}
   */
  public int decode(EventPacket packet, EventColumns out, OutOfRange outOfRange) {
    checkLayout(packet);
    final int n = packet.getEventCount();
    out.reset(n);
    int kept =
        decodeChecked(
            packet, out.xs(), out.ys(), out.polarities(), out.timestampsMicros(), 0, outOfRange);
    out.finish(kept, n - kept);
    return kept;
  }

  /**
   * Unpacks {@code packet} into caller-owned parallel arrays from index {@code offset} on (e.g. to
   * append to a dvs {@code EventBatch}: {@code ensureCapacity}, decode at {@code size()}, then
   * {@code setSize}). Events outside the geometry are handled by {@code outOfRange}; with {@link
   * OutOfRange#DROP} the number dropped is {@code packet.getEventCount()} minus the result.
   *
   * @return the number of events written, from {@code offset} on
   * @throws IllegalArgumentException when an array has no room for {@code eventCount} events at
   *     {@code offset}
   * @throws EventPacketFormatException when the packet breaks the layout, or on an out-of-range
   *     event with {@link OutOfRange#REJECT}
   */
  public int decodeInto(
      EventPacket packet,
      int[] xs,
      int[] ys,
      boolean[] polarities,
      long[] timestampsMicros,
      int offset,
      OutOfRange outOfRange) {
    checkLayout(packet);
    int n = packet.getEventCount();
    int room =
        Math.min(
            Math.min(xs.length, ys.length), Math.min(polarities.length, timestampsMicros.length));
    if (offset < 0 || offset > room - n) {
      throw new IllegalArgumentException(
          "arrays must hold offset + eventCount = "
              + ((long) offset + n)
              + " events, the shortest holds "
              + room
              + " (offset "
              + offset
              + ")");
    }
    return decodeChecked(packet, xs, ys, polarities, timestampsMicros, offset, outOfRange);
  }

  /** The decode loop; the layout is checked and the arrays have room. */
  private int decodeChecked(
      EventPacket packet,
      int[] oxs,
      int[] oys,
      boolean[] opol,
      long[] ots,
      int offset,
      OutOfRange outOfRange) {
    final int n = packet.getEventCount();
    final int width = packet.getWidth();
    final int height = packet.getHeight();
    final boolean reject = outOfRange == OutOfRange.REJECT;

    ByteBuffer xBuf = packet.getX();
    ByteBuffer yBuf = packet.getY();
    ByteBuffer pBuf = packet.getPolarity();
    ByteBuffer tBuf = packet.getTimestampDeltas();
    final byte[] xb = bytesOf(xBuf, 0);
    final int xo = offsetOf(xBuf);
    final byte[] yb = bytesOf(yBuf, 1);
    final int yo = offsetOf(yBuf);
    final byte[] pb = bytesOf(pBuf, 2);
    final int po = offsetOf(pBuf);
    final byte[] tb = bytesOf(tBuf, 3);
    int tp = offsetOf(tBuf);
    final int tEnd = tp + tBuf.remaining();

    long t = packet.getBaseTimestampMicros();
    int kept = offset;
    for (int i = 0; i < n; i++) {
      // varint: one byte for |delta| < 64 us, the common case, then the general loop
      if (tp >= tEnd) {
        throw overrun(i, n);
      }
      long z = tb[tp++];
      if (z < 0) {
        z &= 0x7F;
        int shift = 7;
        while (true) {
          if (tp >= tEnd) {
            throw overrun(i, n);
          }
          long b = tb[tp++];
          z |= (b & 0x7F) << shift;
          if (b >= 0) {
            break;
          }
          shift += 7;
          if (shift >= 7 * MAX_VARINT_BYTES) {
            throw new EventPacketFormatException(
                Field.TIMESTAMP_DELTAS,
                Problem.VARINT_TOO_LONG,
                "event " + i + "'s delta runs past " + MAX_VARINT_BYTES + " bytes");
          }
        }
      }
      t += (z >>> 1) ^ -(z & 1); // un-zigzag
      int x = (short) U16.get(xb, xo + 2 * i) & 0xFFFF;
      int y = (short) U16.get(yb, yo + 2 * i) & 0xFFFF;
      boolean on = ((pb[po + (i >>> 3)] >>> (i & 7)) & 1) != 0;
      if (x >= width || y >= height) {
        if (reject) {
          throw x >= width ? outOfRange(Field.X, i, x, width) : outOfRange(Field.Y, i, y, height);
        }
        continue;
      }
      oxs[kept] = x;
      oys[kept] = y;
      opol[kept] = on;
      ots[kept] = t;
      kept++;
    }
    if (tp != tEnd) {
      throw new EventPacketFormatException(
          Field.TIMESTAMP_DELTAS,
          Problem.TRAILING_BYTES,
          (tEnd - tp) + " byte(s) left after " + n + " varints");
    }
    return kept - offset;
  }

  private byte[] bytesOf(ByteBuffer bb, int column) {
    if (bb.hasArray()) {
      return bb.array();
    }
    int len = bb.remaining();
    if (columnScratch[column].length < len) {
      columnScratch[column] = new byte[len];
    }
    bb.duplicate().get(columnScratch[column], 0, len);
    return columnScratch[column];
  }

  private static int offsetOf(ByteBuffer bb) {
    return bb.hasArray() ? bb.arrayOffset() + bb.position() : 0;
  }

  private static void checkGeometry(int width, int height) {
    if (width < 1 || width > MAX_DIMENSION) {
      throw new EventPacketFormatException(
          Field.WIDTH,
          Problem.INVALID_VALUE,
          "width must be in 1.." + MAX_DIMENSION + ", got " + width);
    }
    if (height < 1 || height > MAX_DIMENSION) {
      throw new EventPacketFormatException(
          Field.HEIGHT,
          Problem.INVALID_VALUE,
          "height must be in 1.." + MAX_DIMENSION + ", got " + height);
    }
  }

  private static void checkLength(Field field, ByteBuffer bb, long expected, int n) {
    long actual = bb == null ? 0 : bb.remaining();
    if (actual != expected) {
      throw new EventPacketFormatException(
          field,
          Problem.LENGTH_MISMATCH,
          "eventCount " + n + " needs " + expected + " bytes, got " + actual);
    }
  }

  private static EventPacketFormatException outOfRange(Field field, int i, int value, int limit) {
    String name = field == Field.X ? "x" : "y";
    String bound = field == Field.X ? "width" : "height";
    return new EventPacketFormatException(
        field,
        Problem.OUT_OF_RANGE,
        "event "
            + i
            + ": "
            + name
            + " = "
            + value
            + " is not in 0.."
            + (limit - 1)
            + " ("
            + bound
            + " "
            + limit
            + ")");
  }

  private static EventPacketFormatException overrun(int i, int n) {
    return new EventPacketFormatException(
        Field.TIMESTAMP_DELTAS,
        Problem.VARINT_OVERRUN,
        "the column ends inside or before varint " + i + " of " + n);
  }
}
