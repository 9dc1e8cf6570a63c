package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * One recorded sample to replay: its id, its true class when known, and how to load its events.
 *
 * @param sampleId unique id, e.g. the dataset-relative file path
 * @param label true class index, or {@code null} when unknown
 * @param labelName true class name, or {@code null} when unknown
 * @param startMicros the sample's window start in the recording's own time, when the dataset knows
 *     it; empty = the first event's timestamp (DESIGN section 6)
 * @param durationMicros the window's duration when known (present exactly when {@code startMicros}
 *     is); empty = last − first + 1
 * @param loader reads all events of the sample
 */
public record ReplaySample(
    String sampleId,
    Integer label,
    String labelName,
    OptionalLong startMicros,
    OptionalLong durationMicros,
    Loader loader) {

  /** Reads all events of one sample into a batch. */
  @FunctionalInterface
  public interface Loader {
    /**
     * Clears {@code into} and fills it with every event of the sample, in recording order.
     *
     * @return the sensor geometry of the recording
     */
    SensorGeometry load(EventBatch into) throws IOException;
  }

  public ReplaySample {
    if (sampleId == null || sampleId.isBlank()) {
      throw new IllegalArgumentException("sampleId must not be blank, got '" + sampleId + "'");
    }
    if (label != null && label < 0) {
      throw new IllegalArgumentException("label must be >= 0 or absent, got " + label);
    }
    if (startMicros == null || durationMicros == null) {
      throw new IllegalArgumentException(
          "startMicros and durationMicros must be values or empty, got null for sample "
              + sampleId);
    }
    if (startMicros.isPresent() != durationMicros.isPresent()) {
      throw new IllegalArgumentException(
          "startMicros and durationMicros must both be known or both empty for sample " + sampleId);
    }
    if (durationMicros.isPresent() && durationMicros.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "durationMicros must be >= 1, got " + durationMicros.getAsLong() + " for " + sampleId);
    }
    if (loader == null) {
      throw new IllegalArgumentException("loader must be set for sample " + sampleId);
    }
  }

  /** A sample whose window is taken from its events (first event, last − first + 1). */
  public static ReplaySample of(String sampleId, Integer label, String labelName, Loader loader) {
    return new ReplaySample(
        sampleId, label, labelName, OptionalLong.empty(), OptionalLong.empty(), loader);
  }
}
