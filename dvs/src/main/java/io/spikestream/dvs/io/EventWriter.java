package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import java.io.Closeable;
import java.io.IOException;

/** Writes events to a recording in one format; {@link #close()} flushes. */
public interface EventWriter extends Closeable {

  /** The container format being written. */
  EventFileFormat format();

  /**
   * Appends all events of {@code batch}.
   *
   * @throws IllegalArgumentException when an event cannot be represented in the format (coordinate
   *     outside the geometry, timestamp out of range); nothing of the batch is written then
   */
  void write(EventBatch batch) throws IOException;
}
