package io.spikestream.streams.dashboard;

import java.time.Duration;

/**
 * Validated configuration of the dashboard, the one source of its defaults.
 *
 * @param updateInterval how often a snapshot is pushed to the browsers
 * @param frameSliceMicros event time per slice of the live frames
 * @param frameSlices slices summed into one live frame (frame span = slices × slice)
 * @param maxFrameSide the live frames are downsampled until no side is larger
 * @param maxSensors sensors shown; further sensors are counted, not drawn
 * @param maxClients concurrent browser streams; one more is answered 503
 * @param clientQueue updates queued per browser; when full the oldest is dropped, so a slow browser
 *     never holds memory or the app back
 */
public record DashboardConfig(
    Duration updateInterval,
    long frameSliceMicros,
    int frameSlices,
    int maxFrameSide,
    int maxSensors,
    int maxClients,
    int clientQueue) {

  public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(250);
  public static final long DEFAULT_FRAME_SLICE_MICROS = 20_000;
  public static final int DEFAULT_FRAME_SLICES = 4;
  public static final int DEFAULT_MAX_FRAME_SIDE = 64;
  public static final int DEFAULT_MAX_SENSORS = 16;
  public static final int DEFAULT_MAX_CLIENTS = 8;
  public static final int DEFAULT_CLIENT_QUEUE = 4;

  public DashboardConfig {
    if (updateInterval == null || updateInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "updateInterval must be at least 10 ms, got " + updateInterval);
    }
    atLeast("frameSliceMicros", frameSliceMicros, 1);
    atLeast("frameSlices", frameSlices, 1);
    atLeast("maxFrameSide", maxFrameSide, 1);
    atLeast("maxSensors", maxSensors, 1);
    atLeast("maxClients", maxClients, 1);
    atLeast("clientQueue", clientQueue, 1);
  }

  /** The defaults: 4 updates/s, frames of the last 80 ms at most 64 px wide, 16 sensors. */
  public static DashboardConfig defaults() {
    return new DashboardConfig(
        DEFAULT_UPDATE_INTERVAL,
        DEFAULT_FRAME_SLICE_MICROS,
        DEFAULT_FRAME_SLICES,
        DEFAULT_MAX_FRAME_SIDE,
        DEFAULT_MAX_SENSORS,
        DEFAULT_MAX_CLIENTS,
        DEFAULT_CLIENT_QUEUE);
  }

  public DashboardConfig withUpdateInterval(Duration value) {
    return new DashboardConfig(
        value, frameSliceMicros, frameSlices, maxFrameSide, maxSensors, maxClients, clientQueue);
  }

  public DashboardConfig withClients(int max, int queue) {
    return new DashboardConfig(
        updateInterval, frameSliceMicros, frameSlices, maxFrameSide, maxSensors, max, queue);
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }
}
