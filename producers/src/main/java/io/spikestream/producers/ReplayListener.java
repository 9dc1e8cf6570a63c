package io.spikestream.producers;

import io.spikestream.dvs.progress.ProgressBar;

/** Told about a replay's progress, from the replaying thread, after every sample. */
@FunctionalInterface
public interface ReplayListener {

  /**
   * A sample was handed to the producer with its end-of-sample packet.
   *
   * @param samplesDone samples handed over so far
   * @param samplesTotal samples planned
   * @param events events handed over so far
   * @param elapsedNanos wall-clock time since the replay started
   */
  void sampleSent(int samplesDone, int samplesTotal, long events, long elapsedNanos);

  /**
   * A listener that moves {@code bar} (samples done, events as its second counter); the bar's total
   * should be the samples planned.
   */
  static ReplayListener drawing(ProgressBar bar) {
    return (done, total, events, elapsed) -> bar.update(done, events, null);
  }

  /** A listener that ignores everything. */
  static ReplayListener none() {
    return (done, total, events, elapsed) -> {};
  }
}
