package io.spikestream.producers.live;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterSpec;
import io.spikestream.producers.ReplayConfig;
import java.util.List;
import java.util.Optional;

/**
 * How {@link LivePublisher} bridges a live source to Kafka. Immutable and validated; {@link
 * #defaults(String, String)} is the one source of defaults.
 *
 * @param publish Kafka and packet settings shared with the replay producer: bootstrap, topic,
 *     sensor id (record key), packet limits (events, event-time span), producer tuning (lz4,
 *     linger, batch size) and the connect timeout; its speed and origin do not apply to a live
 *     stream
 * @param geometry the sensor's geometry when the stream does not announce it (UDP, EVT without a
 *     header), or to override what it announces
 * @param filters filter stages applied before packing ({@code dvs.filter})
 * @param flushMillis events that waited this long in wall-clock time are sent even when their
 *     packet is not full, so a quiet sensor's last events still flow (1..10,000)
 * @param reconnect whether a failed or ended connection is reopened (with backoff) instead of
 *     ending the run
 * @param backoffInitialMillis first wait before reconnecting (1..60,000)
 * @param backoffMaxMillis the wait doubles after each failure up to this (>= backoffInitialMillis,
 *     <= 600,000)
 */
public record LiveConfig(
    ReplayConfig publish,
    Optional<SensorGeometry> geometry,
    List<FilterSpec> filters,
    long flushMillis,
    boolean reconnect,
    long backoffInitialMillis,
    long backoffMaxMillis) {

  /** Default sensor id (record key) of a live camera. */
  public static final String DEFAULT_SENSOR_ID = "camera-0";

  /** Default wall-clock flush: 20 ms. */
  public static final long DEFAULT_FLUSH_MILLIS = 20;

  public LiveConfig {
    if (publish == null) {
      throw new IllegalArgumentException("publish settings must be set, got null");
    }
    if (geometry == null) {
      throw new IllegalArgumentException("geometry must be a value or empty, got null");
    }
    if (filters == null) {
      throw new IllegalArgumentException("filters must be a list (may be empty), got null");
    }
    filters = List.copyOf(filters);
    if (flushMillis < 1 || flushMillis > 10_000) {
      throw new IllegalArgumentException("flushMillis must be in 1..10000, got " + flushMillis);
    }
    if (backoffInitialMillis < 1 || backoffInitialMillis > 60_000) {
      throw new IllegalArgumentException(
          "backoffInitialMillis must be in 1..60000, got " + backoffInitialMillis);
    }
    if (backoffMaxMillis < backoffInitialMillis || backoffMaxMillis > 600_000) {
      throw new IllegalArgumentException(
          "backoffMaxMillis must be in backoffInitialMillis.." + "600000, got " + backoffMaxMillis);
    }
  }

  /**
   * Defaults: the replay producer's Kafka and packet settings (packets of at most 4,096 events and
   * 50 ms, lz4, idempotent) under sensor id {@value #DEFAULT_SENSOR_ID}, no geometry override, no
   * filters, 20 ms flush, reconnect with backoff 100 ms doubling to 10 s.
   */
  public static LiveConfig defaults(String bootstrapServers, String sensorId) {
    return new LiveConfig(
        ReplayConfig.defaults(bootstrapServers).withSensorId(sensorId).withSpeed(1.0),
        Optional.empty(),
        List.of(),
        DEFAULT_FLUSH_MILLIS,
        true,
        100,
        10_000);
  }

  public LiveConfig withPublish(ReplayConfig value) {
    return new LiveConfig(
        value, geometry, filters, flushMillis, reconnect, backoffInitialMillis, backoffMaxMillis);
  }

  public LiveConfig withGeometry(Optional<SensorGeometry> value) {
    return new LiveConfig(
        publish, value, filters, flushMillis, reconnect, backoffInitialMillis, backoffMaxMillis);
  }

  public LiveConfig withFilters(List<FilterSpec> value) {
    return new LiveConfig(
        publish, geometry, value, flushMillis, reconnect, backoffInitialMillis, backoffMaxMillis);
  }

  public LiveConfig withFlushMillis(long value) {
    return new LiveConfig(
        publish, geometry, filters, value, reconnect, backoffInitialMillis, backoffMaxMillis);
  }

  /** Reconnect policy: whether, and the backoff's first and largest wait. */
  public LiveConfig withReconnect(boolean value, long initialMillis, long maxMillis) {
    return new LiveConfig(publish, geometry, filters, flushMillis, value, initialMillis, maxMillis);
  }
}
