package io.spikestream.dvs.emulator;

import io.spikestream.dvs.EventBatch;

/**
 * Summary numbers of one sample, for comparing emulated and real recordings: number of events, ON
 * fraction, time span (last - first + 1) and events in each of {@code segments} equal parts of
 * {@code [start, start + length)} (for N-MNIST, 3 parts of about 102 ms are its saccades).
 */
public record EventStatistics(int events, double onFraction, long spanMicros, int[] perSegment) {

  /** Computes the statistics; events before {@code start} count in the first segment. */
  public static EventStatistics of(EventBatch batch, long start, long length, int segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("segments must be >= 1, got " + segments);
    }
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1, got " + length);
    }
    int n = batch.size();
    int[] perSegment = new int[segments];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long[] ts = batch.timestampsMicros();
    for (int i = 0; i < n; i++) {
      min = Math.min(min, ts[i]);
      max = Math.max(max, ts[i]);
      long offset = Math.max(0, ts[i] - start);
      int s = (int) Math.min(segments - 1, offset * segments / length);
      perSegment[s]++;
    }
    return new EventStatistics(
        n, n == 0 ? 0 : (double) batch.countOn() / n, n == 0 ? 0 : max - min + 1, perSegment);
  }
}
