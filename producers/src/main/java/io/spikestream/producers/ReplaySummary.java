package io.spikestream.producers;

import java.util.Locale;
import java.util.Optional;

/**
 * What a replay sent.
 *
 * @param samples samples sent completely (with their end-of-sample packet)
 * @param samplesPlanned samples the replay was asked to send
 * @param events events sent in complete and partial samples
 * @param packets packets (records) sent
 * @param bytes serialized value bytes of the records the broker acknowledged
 * @param elapsedNanos wall-clock time from the first send to the last acknowledgement
 * @param stoppedEarly whether the replay stopped (interruption or error) before all samples
 * @param lastCompleteSample id of the last sample sent with its end marker, if any
 * @param cutSample id of a sample some of whose packets were sent but not its end-of-sample packet
 */
public record ReplaySummary(
    int samples,
    int samplesPlanned,
    long events,
    long packets,
    long bytes,
    long elapsedNanos,
    boolean stoppedEarly,
    Optional<String> lastCompleteSample,
    Optional<String> cutSample) {

  /** Events per second of wall-clock time. */
  public double eventsPerSecond() {
    return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
  }

  /** Megabytes (10^6 bytes) of serialized values per second. */
  public double megabytesPerSecond() {
    return elapsedNanos == 0 ? 0 : bytes * 1e3 / elapsedNanos;
  }

  /** One line for the user. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "sent %d/%d samples, %,d events in %,d packets, %.1f MB in %.2f s: %,.0f events/s,"
                + " %.1f MB/s",
            samples,
            samplesPlanned,
            events,
            packets,
            bytes / 1e6,
            elapsedNanos / 1e9,
            eventsPerSecond(),
            megabytesPerSecond()));
    if (stoppedEarly) {
      sb.append("; stopped early");
      lastCompleteSample.ifPresent(s -> sb.append(", last complete sample ").append(s));
    }
    cutSample.ifPresent(
        s ->
            sb.append("; sample ")
                .append(s)
                .append(" was CUT (its end-of-sample packet was not sent)"));
    return sb.toString();
  }
}
