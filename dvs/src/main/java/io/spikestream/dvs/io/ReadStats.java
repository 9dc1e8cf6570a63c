package io.spikestream.dvs.io;

/**
 * What a reader has seen so far: events delivered, and records it consumed without delivering them.
 *
 * @param events events delivered to the caller
 * @param droppedOutOfRange events whose coordinates fell outside the sensor geometry (counted,
 *     never wrapped)
 * @param skippedSpecial special or external-input records (DVS128 address bit 15), skipped
 * @param overflowMarkers N-MNIST timestamp overflow markers consumed
 */
public record ReadStats(
    long events, long droppedOutOfRange, long skippedSpecial, long overflowMarkers) {}
