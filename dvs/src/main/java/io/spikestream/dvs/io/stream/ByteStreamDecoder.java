package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;

/**
 * Decodes a raw byte stream of events incrementally.
 *
 * <p>{@link #decode} consumes as many complete words (or packets) from {@code src} as it holds,
 * reading little-endian whatever {@code src}'s byte order, appends the events to {@code out} and
 * advances {@code src}'s position past what it consumed; a partial trailing word stays in {@code
 * src} (the caller compacts the buffer and reads more). State such as the time base, base x and
 * polarity is kept across calls, so a stream may be split anywhere. Not thread-safe.
 */
public interface ByteStreamDecoder {

  /**
   * Consumes the complete words of {@code src} and appends their events to {@code out}.
   *
   * @throws EventFormatException when a word cannot be part of the format, naming the offset from
   *     the start of the stream
   */
  void decode(ByteBuffer src, EventBatch out) throws EventFormatException;

  /**
   * Events decoded but not delivered: coordinates outside the geometry, or events before the
   * stream's first time base.
   */
  default long eventsDropped() {
    return 0;
  }

  /** Special records consumed without an event: external triggers, special events. */
  default long specialRecords() {
    return 0;
  }

  /**
   * Other records consumed without an event: words of other kinds, packets of other streams or
   * event types, invalidated events.
   */
  default long otherRecords() {
    return 0;
  }
}
