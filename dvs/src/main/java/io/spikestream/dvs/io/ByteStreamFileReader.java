package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.ByteStreamDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file through a {@link ByteStreamDecoder}, the same decoder a live source uses: the file
 * is read in 64 KiB blocks (grown when one unit, e.g. an AEDAT 4.0 packet, is larger), each block
 * decoded into a pending batch that {@link #read} hands out. Memory is bounded by the block and the
 * events one block yields. Bytes left at the end of the file that do not form a whole unit are an
 * {@link EventFormatException} naming their offset.
 */
final class ByteStreamFileReader implements EventReader {

  private static final int BLOCK_BYTES = 1 << 16;
  private static final int MAX_BLOCK_BYTES = 1 << 30;

  private final FileChannel channel;
  private final EventFileFormat format;
  private final SensorGeometry geometry;
  private final ByteStreamDecoder decoder;
  private final EventBatch pending = new EventBatch(1 << 14);
  private ByteBuffer buf = ByteBuffer.allocate(BLOCK_BYTES).flip();
  private int pendingPos;
  private long consumed;
  private long events;
  private boolean eof;

  ByteStreamFileReader(
      Path path,
      long payloadOffset,
      EventFileFormat format,
      SensorGeometry geometry,
      ByteStreamDecoder decoder)
      throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.format = format;
    this.geometry = geometry;
    this.decoder = decoder;
    this.consumed = payloadOffset;
    channel.position(payloadOffset);
  }

  @Override
  public EventFileFormat format() {
    return format;
  }

  @Override
  public SensorGeometry geometry() {
    return geometry;
  }

  @Override
  public int read(EventBatch batch, int maxEvents) throws IOException {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be >= 1, got " + maxEvents);
    }
    batch.clear();
    batch.ensureCapacity(maxEvents);
    while (batch.size() < maxEvents) {
      int available = pending.size() - pendingPos;
      if (available > 0) {
        int k = Math.min(available, maxEvents - batch.size());
        batch.addAll(pending, pendingPos, k);
        pendingPos += k;
      } else if (!fill()) {
        break;
      }
    }
    events += batch.size();
    return batch.size();
  }

  /** Decodes blocks until some events are pending; false at the end of the file. */
  private boolean fill() throws IOException {
    pending.clear();
    pendingPos = 0;
    while (true) {
      if (eof) {
        if (buf.hasRemaining()) {
          throw new EventFormatException(
              format
                  + ": "
                  + buf.remaining()
                  + " trailing byte(s) do not form a whole word or packet (file truncated or"
                  + " corrupt)",
              consumed);
        }
        return false;
      }
      buf.compact();
      if (!buf.hasRemaining()) {
        // one unit is larger than the buffer
        if (buf.capacity() >= MAX_BLOCK_BYTES) {
          throw new EventFormatException(
              format + ": a packet larger than " + MAX_BLOCK_BYTES + " bytes", consumed);
        }
        ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      if (channel.read(buf) < 0) {
        eof = true;
      }
      buf.flip();
      int before = buf.position();
      decoder.decode(buf, pending);
      consumed += buf.position() - before;
      if (pending.size() > 0) {
        return true;
      }
    }
  }

  @Override
  public long bytePosition() {
    return consumed;
  }

  @Override
  public ReadStats stats() {
    return new ReadStats(
        events, decoder.eventsDropped(), decoder.specialRecords(), 0, decoder.otherRecords());
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (decoder instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
  }
}
