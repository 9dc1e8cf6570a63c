package io.spikestream.dvs.binning;

/**
 * Which bin an event time falls into (DESIGN section 6). Pure functions on {@code long}
 * microseconds, with no overflow for any input.
 */
public final class BinRule {

  private BinRule() {}

  /**
   * N_BINS: {@code floor((t - s) * T / d)} clamped to {@code [0, T - 1]}.
   *
   * <p>Times before {@code s} give 0 and times at or after {@code s + d} give {@code T - 1} without
   * multiplying, so the product {@code (t - s) * T < d * T} is only formed when it fits a {@code
   * long} (the caller guarantees {@code d * T} does, see {@link #checkDuration(long, int)}).
   *
   * @param timeMicros event time t
   * @param startMicros sample start s
   * @param durationMicros sample duration d, >= 1
   * @param timesteps T, >= 1
   */
  public static int nBins(long timeMicros, long startMicros, long durationMicros, int timesteps) {
    if (timeMicros < startMicros) {
      return 0;
    }
    long offset = timeMicros - startMicros;
    if (offset < 0 || offset >= durationMicros) {
      // offset < 0: t - s overflowed, so t lies far after s + d
      return timesteps - 1;
    }
    int bin = (int) (offset * timesteps / durationMicros);
    assert bin >= 0 && bin < timesteps;
    return bin;
  }

  /**
   * FIXED_DT: {@code floor((t - windowStart) / dt)}; an event exactly on a bin edge opens the later
   * bin. Negative for events before the window start; may exceed {@code T - 1} (the event belongs
   * to a later window). Saturates at {@link Integer#MIN_VALUE} / {@link Integer#MAX_VALUE}.
   */
  public static long fixedDt(long timeMicros, long windowStartMicros, long dtMicros) {
    long offset = timeMicros - windowStartMicros;
    boolean overflow = ((timeMicros ^ windowStartMicros) & (timeMicros ^ offset)) < 0;
    if (overflow) {
      return timeMicros < windowStartMicros ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }
    return Math.floorDiv(offset, dtMicros);
  }

  /**
   * Checks an N_BINS duration: {@code d >= 1} and {@code d * T} fits a {@code long}.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static void checkDuration(long durationMicros, int timesteps) {
    if (durationMicros < 1) {
      throw new IllegalArgumentException("durationMicros must be >= 1, got " + durationMicros);
    }
    if (durationMicros > Long.MAX_VALUE / timesteps) {
      throw new IllegalArgumentException(
          "durationMicros must be <= " + Long.MAX_VALUE / timesteps + ", got " + durationMicros);
    }
  }
}
