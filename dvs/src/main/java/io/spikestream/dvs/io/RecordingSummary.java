package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Counts and ranges of one whole recording, computed in one streaming pass (what {@code spikestream
 * inspect} prints). Ranges and timestamps are -1 when the recording holds no event.
 *
 * @param format container format
 * @param geometry sensor geometry
 * @param events events delivered
 * @param onEvents ON events among them
 * @param xMin smallest x, or -1
 * @param xMax largest x, or -1
 * @param yMin smallest y, or -1
 * @param yMax largest y, or -1
 * @param firstTimestampMicros timestamp of the first event in file order, or -1
 * @param lastTimestampMicros timestamp of the last event in file order, or -1
 * @param stats the reader's counters of skipped and dropped records
 */
public record RecordingSummary(
    EventFileFormat format,
    SensorGeometry geometry,
    long events,
    long onEvents,
    int xMin,
    int xMax,
    int yMin,
    int yMax,
    long firstTimestampMicros,
    long lastTimestampMicros,
    ReadStats stats) {

  /** Opens {@code path} (format detected) and summarises it. */
  public static RecordingSummary of(Path path) throws IOException {
    try (EventReader reader = EventFiles.open(path)) {
      return of(reader);
    }
  }

  /** Reads {@code reader} to its end and summarises what it delivered. */
  public static RecordingSummary of(EventReader reader) throws IOException {
    EventBatch batch = new EventBatch(1 << 16);
    long events = 0;
    long on = 0;
    int xMin = Integer.MAX_VALUE;
    int xMax = -1;
    int yMin = Integer.MAX_VALUE;
    int yMax = -1;
    long first = -1;
    long last = -1;
    int n;
    while ((n = reader.read(batch)) > 0) {
      int[] xs = batch.xs();
      int[] ys = batch.ys();
      boolean[] ps = batch.polarities();
      for (int i = 0; i < n; i++) {
        xMin = Math.min(xMin, xs[i]);
        xMax = Math.max(xMax, xs[i]);
        yMin = Math.min(yMin, ys[i]);
        yMax = Math.max(yMax, ys[i]);
        if (ps[i]) {
          on++;
        }
      }
      if (events == 0) {
        first = batch.timestampsMicros()[0];
      }
      last = batch.timestampsMicros()[n - 1];
      events += n;
    }
    if (events == 0) {
      xMin = -1;
      yMin = -1;
    }
    return new RecordingSummary(
        reader.format(),
        reader.geometry(),
        events,
        on,
        xMin,
        xMax,
        yMin,
        yMax,
        first,
        last,
        reader.stats());
  }
}
