package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the events of one recording packet by packet, so that a file larger than the heap can be
 * read. Not thread-safe.
 */
public interface EventReader extends Closeable {

  /** The container format being read. */
  EventFileFormat format();

  /** The sensor's pixel array (from the header, or the format's fixed geometry). */
  SensorGeometry geometry();

  /**
   * Clears {@code batch} and fills it with up to {@code maxEvents} further events in file order.
   *
   * @return the number of events read; 0 only at the end of the recording
   * @throws EventFormatException when the bytes are truncated or corrupt (naming the offset)
   */
  int read(EventBatch batch, int maxEvents) throws IOException;

  /** Reads up to the batch's current capacity. */
  default int read(EventBatch batch) throws IOException {
    return read(batch, batch.capacity());
  }

  /** Bytes consumed from the start of the file so far (header included). */
  long bytePosition();

  /** Counts of events delivered and records skipped or dropped so far. */
  ReadStats stats();
}
