package io.spikestream.dvs.io;

/**
 * What a reader has seen so far: events delivered, and records it consumed without delivering them.
 *
 * @param events events delivered to the caller
 * @param droppedOutOfRange events whose coordinates fell outside the sensor geometry (counted,
 *     never wrapped)
 * @param skippedSpecial special or external-input records (DVS128 address bit 15), skipped
 * @param overflowMarkers N-MNIST timestamp overflow markers consumed
 * @param otherRecords records of other kinds consumed without an event: EVT OTHERS/CONTINUED words,
 *     AEDAT 4.0 packets of other streams, AEDAT 3.1 packets of other types and invalidated events
 */
public record ReadStats(
    long events,
    long droppedOutOfRange,
    long skippedSpecial,
    long overflowMarkers,
    long otherRecords) {

  /** Stats of a format without records of other kinds. */
  public ReadStats(long events, long droppedOutOfRange, long skippedSpecial, long overflowMarkers) {
    this(events, droppedOutOfRange, skippedSpecial, overflowMarkers, 0);
  }
}
