package io.spikestream.streams.dashboard;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.ExitReason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Running statistics over a stream of {@link Classification}s: counts, accuracy over the labelled
 * ones, the exit-step histogram (DESIGN section 8: exit step {@code t} is 0-based, so {@code t + 1}
 * timesteps ran), counts per exit reason and latency percentiles. Used by the dashboard and by the
 * demo's summary. Not thread-safe.
 */
public final class ClassificationStats {
  private long classifications;
  private long labelled;
  private long correct;
  private long timestepsUsed;
  private int timesteps;
  private long[] exitHistogram = new long[0];
  private final Map<ExitReason, Long> byReason = new EnumMap<>(ExitReason.class);
  private final LongSamples wallClockLatencyMicros = new LongSamples();
  private final LongSamples eventTimeLatencyMicros = new LongSamples();

  /** Adds one classification. */
  public void add(Classification c) {
    classifications++;
    int t = c.getExitStep();
    timestepsUsed += t + 1;
    int capacity = Math.max(c.getTimesteps(), t + 1);
    if (capacity > exitHistogram.length) {
      exitHistogram = Arrays.copyOf(exitHistogram, capacity); // a model with a larger T arrived
    }
    timesteps = Math.max(timesteps, c.getTimesteps());
    exitHistogram[t]++;
    byReason.merge(c.getExitReason(), 1L, Long::sum);
    if (c.getTrueLabel() != null) {
      labelled++;
      if (c.getTrueLabel() == c.getPredictedClass()) {
        correct++;
      }
    }
    wallClockLatencyMicros.add(c.getWallClockLatencyMicros());
    eventTimeLatencyMicros.add(c.getEventTimeLatencyMicros());
  }

  /** An independent copy. */
  public ClassificationStats copy() {
    ClassificationStats c = new ClassificationStats();
    c.classifications = classifications;
    c.labelled = labelled;
    c.correct = correct;
    c.timestepsUsed = timestepsUsed;
    c.timesteps = timesteps;
    c.exitHistogram = exitHistogram.clone();
    c.byReason.putAll(byReason);
    c.wallClockLatencyMicros.addAll(wallClockLatencyMicros);
    c.eventTimeLatencyMicros.addAll(eventTimeLatencyMicros);
    return c;
  }

  /** Classifications added. */
  public long classifications() {
    return classifications;
  }

  /** Classifications that carried a true label. */
  public long labelled() {
    return labelled;
  }

  /** Labelled classifications whose prediction was the label. */
  public long correct() {
    return correct;
  }

  /** {@code correct / labelled}, or NaN when nothing was labelled. */
  public double accuracy() {
    return labelled == 0 ? Double.NaN : (double) correct / labelled;
  }

  /** Mean timesteps run per classification ({@code exitStep + 1}), or NaN when there is none. */
  public double meanExitTimestep() {
    return classifications == 0 ? Double.NaN : (double) timestepsUsed / classifications;
  }

  /** The largest T seen (0 before the first classification). */
  public int timesteps() {
    return timesteps;
  }

  /** Classifications per 0-based exit step, length = the largest T seen. */
  public long[] exitHistogram() {
    return exitHistogram.clone();
  }

  /** Classifications per exit reason (reasons never seen are absent). */
  public Map<ExitReason, Long> byReason() {
    return new EnumMap<>(byReason);
  }

  /** The q-quantile (0..1) of the wall-clock latency in microseconds, or -1 when empty. */
  public long wallClockLatencyMicros(double q) {
    return wallClockLatencyMicros.quantile(q);
  }

  /** The q-quantile (0..1) of the event-time latency in microseconds, or -1 when empty. */
  public long eventTimeLatencyMicros(double q) {
    return eventTimeLatencyMicros.quantile(q);
  }

  /** A growable array of longs with a nearest-rank quantile. */
  static final class LongSamples {
    private long[] values = new long[256];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    void addAll(LongSamples other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    /** Nearest rank: the smallest value with at least {@code q * size} values at or below it. */
    long quantile(double q) {
      if (!(q >= 0 && q <= 1)) {
        throw new IllegalArgumentException("q must be in [0, 1], got " + q);
      }
      if (size == 0) {
        return -1;
      }
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(q * size); // 1-based nearest rank
      return sorted[Math.max(0, rank - 1)];
    }
  }
}
