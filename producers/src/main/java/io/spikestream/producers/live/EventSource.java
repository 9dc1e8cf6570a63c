package io.spikestream.producers.live;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * One live stream of events. {@link LivePublisher} opens it, polls it until it ends or a stop is
 * requested, and (for sources that can) reopens it after a failure. Used by one thread.
 */
public interface EventSource extends Closeable {

  /** Connects, binds or opens; may be called again after {@link #close()} to reconnect. */
  void open() throws IOException;

  /**
   * Waits up to {@code timeoutMillis} for data and appends the events it decodes to {@code out}.
   *
   * @return the number of events appended (0 when nothing arrived in time), or -1 when the stream
   *     ended (peer closed, end of file); a source that cannot end (UDP) never returns -1
   * @throws IOException when the connection fails (the publisher may reconnect)
   */
  int poll(EventBatch out, long timeoutMillis) throws IOException;

  /** The geometry the stream announced (AEDAT 4 header, EVT header), if any. */
  Optional<SensorGeometry> announcedGeometry();

  /** Records or words the decoder could not use (malformed, truncated), since creation. */
  long decoderDrops();

  /** Sequence gaps the transport reports (lost packets), since creation; 0 when it has none. */
  default long sequenceGaps() {
    return 0;
  }

  /** Whether reopening after the end of the stream makes sense (TCP, named pipe; not stdin). */
  boolean reopenable();

  /** A short description for logs and the progress line, e.g. {@code udp://0.0.0.0:3333}. */
  String describe();
}
