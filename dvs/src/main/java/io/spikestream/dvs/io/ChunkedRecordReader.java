package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Base of the readers of fixed-size binary records: reads the file in blocks of about 1 MiB into
 * one reused array and lets the subclass decode whole records from it in a tight loop, so memory
 * stays bounded whatever the file size and no per-event object or call is needed. A tail shorter
 * than one record at the end of the file is an {@link EventFormatException} naming its offset,
 * never dropped.
 */
abstract class ChunkedRecordReader implements EventReader {

  private static final int BLOCK_RECORDS = 1 << 17;

  private final FileChannel channel;
  private final EventFileFormat format;
  private final SensorGeometry geometry;
  private final int recordSize;
  private final byte[] block;
  private final ByteBuffer blockBuffer;

  /** Valid bytes in {@link #block}: {@code [blockPos, blockLimit)}. */
  private int blockPos;

  private int blockLimit;

  /** File offset of {@code block[0]}. */
  private long blockFileOffset;

  private boolean eof;

  protected long events;
  protected long droppedOutOfRange;
  protected long skippedSpecial;
  protected long overflowMarkers;

  ChunkedRecordReader(
      Path path,
      long payloadOffset,
      EventFileFormat format,
      SensorGeometry geometry,
      int recordSize)
      throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.format = format;
    this.geometry = geometry;
    this.recordSize = recordSize;
    this.block = new byte[BLOCK_RECORDS * recordSize];
    this.blockBuffer = ByteBuffer.wrap(block);
    this.blockFileOffset = payloadOffset;
    channel.position(payloadOffset);
  }

  @Override
  public final EventFileFormat format() {
    return format;
  }

  @Override
  public final SensorGeometry geometry() {
    return geometry;
  }

  @Override
  public final long bytePosition() {
    return blockFileOffset + blockPos;
  }

  @Override
  public final ReadStats stats() {
    return new ReadStats(events, droppedOutOfRange, skippedSpecial, overflowMarkers);
  }

  @Override
  public final int read(EventBatch batch, int maxEvents) throws IOException {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be >= 1, got " + maxEvents);
    }
    batch.clear();
    batch.ensureCapacity(maxEvents);
    while (batch.size() < maxEvents) {
      int wholeRecords = (blockLimit - blockPos) / recordSize;
      if (wholeRecords == 0) {
        if (!refill()) {
          break;
        }
        continue;
      }
      // a record may be skipped (marker, special event), so decode at most the free room
      int records = Math.min(wholeRecords, maxEvents - batch.size());
      int before = batch.size();
      decode(block, blockPos, records, batch);
      blockPos += records * recordSize;
      events += batch.size() - before;
    }
    return batch.size();
  }

  /**
   * Decodes {@code records} whole records starting at {@code block[offset]}, appending the events
   * to {@code out} (which has room for them) and counting skipped ones.
   */
  protected abstract void decode(byte[] block, int offset, int records, EventBatch out);

  /** Moves the partial tail to the front and reads more; false at the end of the file. */
  private boolean refill() throws IOException {
    int tail = blockLimit - blockPos;
    if (eof) {
      if (tail > 0) {
        throw new EventFormatException(
            format
                + ": "
                + tail
                + " trailing byte(s) do not form a whole "
                + recordSize
                + "-byte event (file truncated or corrupt)",
            bytePosition());
      }
      return false;
    }
    System.arraycopy(block, blockPos, block, 0, tail);
    blockFileOffset += blockPos;
    blockPos = 0;
    blockBuffer.clear().position(tail);
    while (blockBuffer.hasRemaining()) {
      int n = channel.read(blockBuffer);
      if (n < 0) {
        eof = true;
        break;
      }
    }
    blockLimit = blockBuffer.position();
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
