package io.spikestream.producers;

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

  /** A listener that ignores everything. */
  static ReplayListener none() {
    return (done, total, events, elapsed) -> {};
  }
}
