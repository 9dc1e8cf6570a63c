package io.spikestream.streams.dashboard;

/**
 * Counts per second over a sliding wall-clock window: {@code buckets} buckets of {@code
 * bucketNanos} each; the rate is the sum of the full buckets before the current one divided by
 * their span, so it does not dip at the start of each bucket. Time is passed in (nanoseconds from
 * any origin), so tests control it. Not thread-safe.
 */
public final class RateMeter {
  private final long bucketNanos;
  private final long[] counts;
  private final long[] bucketOf;
  private long firstBucket = Long.MIN_VALUE;

  /**
   * @param bucketNanos span of one bucket, >= 1
   * @param buckets number of buckets, >= 2 (the current one and at least one full one)
   */
  public RateMeter(long bucketNanos, int buckets) {
    if (bucketNanos < 1) {
      throw new IllegalArgumentException("bucketNanos must be >= 1, got " + bucketNanos);
    }
    if (buckets < 2) {
      throw new IllegalArgumentException("buckets must be >= 2, got " + buckets);
    }
    this.bucketNanos = bucketNanos;
    this.counts = new long[buckets];
    this.bucketOf = new long[buckets];
    java.util.Arrays.fill(bucketOf, Long.MIN_VALUE);
  }

  /** Adds {@code n} at time {@code nowNanos}. */
  public void add(long n, long nowNanos) {
    long b = Math.floorDiv(nowNanos, bucketNanos);
    if (firstBucket == Long.MIN_VALUE) {
      firstBucket = b;
    }
    int r = (int) Math.floorMod(b, (long) counts.length);
    if (bucketOf[r] != b) {
      counts[r] = 0;
      bucketOf[r] = b;
    }
    counts[r] += n;
  }

  /**
   * Per second at {@code nowNanos}: the full buckets before the current one that lie within the
   * window and after the first count (a young meter averages over its own age), or 0 with none.
   */
  public double perSecond(long nowNanos) {
    long current = Math.floorDiv(nowNanos, bucketNanos);
    if (firstBucket == Long.MIN_VALUE) {
      return 0;
    }
    long from = Math.max(firstBucket, current - (counts.length - 1));
    long full = current - from; // buckets [from, current)
    if (full <= 0) {
      return 0;
    }
    long sum = 0;
    for (int r = 0; r < counts.length; r++) {
      if (bucketOf[r] >= from && bucketOf[r] < current) {
        sum += counts[r];
      }
    }
    return sum * 1e9 / (full * bucketNanos);
  }
}
