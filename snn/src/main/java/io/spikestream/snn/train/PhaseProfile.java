package io.spikestream.snn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock time per phase of {@link BnttNetwork} passes and {@link TrainingSession} steps (the
 * convolutions, the scans, pooling, the output layer, the loss, the optimiser), summed over calls
 * in the order phases first ran. For the bench's per-phase profile; a network without one does not
 * time anything. Not thread-safe: the thread that drives the network records.
 */
public final class PhaseProfile {

  private final Map<String, long[]> phases = new LinkedHashMap<>();

  /** Adds {@code nanos} and one call to {@code phase}. */
  void add(String phase, long nanos) {
    long[] slot = phases.computeIfAbsent(phase, k -> new long[2]);
    slot[0] += nanos;
    slot[1]++;
  }

  /** Total milliseconds per phase since the last {@link #clear()}, in first-seen order. */
  public Map<String, Double> totalMillis() {
    Map<String, Double> out = new LinkedHashMap<>();
    phases.forEach((k, v) -> out.put(k, v[0] / 1e6));
    return Collections.unmodifiableMap(out);
  }

  /** Number of timed calls per phase since the last {@link #clear()}. */
  public Map<String, Long> calls() {
    Map<String, Long> out = new LinkedHashMap<>();
    phases.forEach((k, v) -> out.put(k, v[1]));
    return Collections.unmodifiableMap(out);
  }

  /** Forgets all times (e.g. after a warm-up). */
  public void clear() {
    phases.clear();
  }
}
