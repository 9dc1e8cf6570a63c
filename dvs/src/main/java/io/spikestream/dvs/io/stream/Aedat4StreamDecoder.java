package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an AEDAT 4.0 byte stream: a file, or the DV software's TCP output (which is the file
 * without its version line). Layout: an optional ASCII version line ({@code #!AER-DAT4.0\r\n});
 * int32 size and the IOHeader flatbuffer ({@link Aedat4Header}); then packets of int32 stream id,
 * int32 size and the (compressed) packet body. Packets of the events stream (the first EVTS stream
 * of the header's infoNode, else stream 0) are decoded by {@link Aedat4PacketDecoder}; packets of
 * other streams (frames, IMU, triggers) are skipped and counted. When the stream starts with the
 * version line (a file) and the header gives a data table position, bytes from there on (the file's
 * index) are consumed without decoding.
 *
 * <p>Only whole units (version line, header, packets) are consumed; {@link #bytesWanted()} says how
 * many bytes the next unit needs, so the caller can grow its buffer for a large packet. {@link
 * #close()} frees the native ZSTD context of a ZSTD stream.
 */
public final class Aedat4StreamDecoder implements ByteStreamDecoder, AutoCloseable {

  private enum State {
    VERSION,
    HEADER,
    PACKETS,
    DATA_TABLE
  }

  private static final int MAX_UNIT = 1 << 30;

  private final SensorGeometry fallbackGeometry;
  private State state = State.VERSION;
  private long offset;
  private Aedat4Header header;
  private Aedat4PacketDecoder packets;
  private int eventStreamId;
  private int wanted = 1;
  private long eventPackets;
  private long otherPackets;
  private long dataTableBytes;
  private boolean versionLine;

  /**
   * @param fallbackGeometry geometry when the header gives none (null: keep all non-negative
   *     coordinates); a header's geometry takes precedence
   */
  public Aedat4StreamDecoder(SensorGeometry fallbackGeometry) {
    this.fallbackGeometry = fallbackGeometry;
  }

  @Override
  public void decode(ByteBuffer src, EventBatch out) throws EventFormatException {
    ByteOrder order = src.order();
    src.order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (step(src, out)) {
        // each step consumed one unit
      }
    } finally {
      src.order(order);
    }
  }

  /** Consumes one unit if it is complete; false when more bytes are needed. */
  private boolean step(ByteBuffer src, EventBatch out) throws EventFormatException {
    int p = src.position();
    int avail = src.remaining();
    switch (state) {
      case VERSION -> {
        if (avail < 1) {
          wanted = 1;
          return false;
        }
        if (src.get(p) != '#') {
          state = State.HEADER;
          return true;
        }
        for (int i = 0; i < avail && i < 256; i++) {
          if (src.get(p + i) == '\n') {
            consume(src, i + 1);
            versionLine = true;
            state = State.HEADER;
            return true;
          }
        }
        if (avail >= 256) {
          throw new EventFormatException("AEDAT 4.0: version line longer than 256 bytes", offset);
        }
        wanted = avail + 1;
        return false;
      }
      case HEADER -> {
        if (avail < 4) {
          wanted = 4;
          return false;
        }
        int size = src.getInt(p);
        if (size < 8 || size > MAX_UNIT) {
          throw new EventFormatException(
              "AEDAT 4.0: IOHeader size " + size + " is implausible", offset);
        }
        if (avail < 4 + size) {
          wanted = 4 + size;
          return false;
        }
        header = Aedat4Header.parse(src, p + 4, p + 4 + size, offset + 4);
        Aedat4Header.Aedat4StreamInfo events = header.eventStream();
        eventStreamId = events == null ? 0 : events.id();
        SensorGeometry g = header.geometry() != null ? header.geometry() : fallbackGeometry;
        packets = g == null ? new Aedat4PacketDecoder() : new Aedat4PacketDecoder(g);
        consume(src, 4 + size);
        state = State.PACKETS;
        return true;
      }
      case PACKETS -> {
        // the data table position is a file offset: only a stream with the file's version line
        // has the same offsets
        if (versionLine
            && header.dataTablePosition() >= 0
            && offset >= header.dataTablePosition()) {
          state = State.DATA_TABLE;
          return true;
        }
        if (avail < 8) {
          wanted = 8;
          return false;
        }
        int stream = src.getInt(p);
        int size = src.getInt(p + 4);
        if (size < 0 || size > MAX_UNIT) {
          throw new EventFormatException(
              "AEDAT 4.0: packet of stream " + stream + " has implausible size " + size, offset);
        }
        if (avail < 8 + size) {
          wanted = 8 + size;
          return false;
        }
        if (stream == eventStreamId) {
          ByteBuffer body = src.duplicate();
          body.position(p + 8).limit(p + 8 + size);
          packets.decode(body, header.compression(), out, offset + 8);
          eventPackets++;
        } else {
          otherPackets++;
        }
        consume(src, 8 + size);
        return true;
      }
      case DATA_TABLE -> {
        dataTableBytes += avail;
        consume(src, avail);
        wanted = 1;
        return false;
      }
      default -> throw new IllegalStateException("unhandled state " + state);
    }
  }

  private void consume(ByteBuffer src, int n) {
    src.position(src.position() + n);
    offset += n;
  }

  /** The IOHeader, or null before it has been read. */
  public Aedat4Header header() {
    return header;
  }

  /** Bytes the next unit needs in the buffer (the caller grows its buffer when it is smaller). */
  public int bytesWanted() {
    return wanted;
  }

  @Override
  public long eventsDropped() {
    return packets == null ? 0 : packets.eventsDropped();
  }

  /** Packets of the events stream decoded. */
  public long eventPackets() {
    return eventPackets;
  }

  /** Packets of other streams (frames, IMU, triggers) skipped. */
  public long otherPackets() {
    return otherPackets;
  }

  /** Bytes of the data table (file index) consumed without decoding. */
  public long dataTableBytes() {
    return dataTableBytes;
  }

  /** Offset of the next byte to decode from the start of the stream. */
  public long bytePosition() {
    return offset;
  }

  @Override
  public long otherRecords() {
    return otherPackets;
  }

  @Override
  public void close() {
    if (packets != null) {
      packets.close();
    }
  }
}
