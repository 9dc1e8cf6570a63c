package io.spikestream.producers;

import io.spikestream.schemas.serde.Topics;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How {@link ReplayProducer} publishes recorded samples. Immutable and validated; {@link
 * #defaults(String)} is the one source of defaults.
 *
 * @param bootstrapServers Kafka {@code host:port[,host:port]}
 * @param topic topic of the {@code EventPacket} records (must exist: topics are never created
 *     automatically)
 * @param sensorId record key and {@code EventPacket.sensorId}
 * @param packetMaxEvents a packet holds at most this many events (1..1,000,000)
 * @param packetMaxSpanMicros a packet spans at most this much event time (its last event is less
 *     than this after its first); 0 = no time limit
 * @param speed event time runs this many times faster than wall-clock time; {@link
 *     Double#POSITIVE_INFINITY} = as fast as possible ({@code max})
 * @param compression producer {@code compression.type}
 * @param lingerMillis producer {@code linger.ms}
 * @param batchSizeBytes producer {@code batch.size}
 * @param connectTimeoutMillis how long the start-up check waits for the broker before it reports it
 *     unreachable; also bounds metadata waits ({@code max.block.ms})
 * @param originMicros event time at which the first sample starts; empty = the wall-clock time
 *     (epoch microseconds) when the replay starts, so that repeated replays under one sensor id
 *     keep event time increasing
 */
public record ReplayConfig(
    String bootstrapServers,
    String topic,
    String sensorId,
    int packetMaxEvents,
    long packetMaxSpanMicros,
    double speed,
    Compression compression,
    int lingerMillis,
    int batchSizeBytes,
    long connectTimeoutMillis,
    OptionalLong originMicros) {

  /** Default topic of {@code EventPacket} records (DESIGN section 5). */
  public static final String DEFAULT_TOPIC = Topics.DEFAULT_EVENTS;

  /** Default record key and sensor id of a replay. */
  public static final String DEFAULT_SENSOR_ID = "replay-0";

  /** Default largest packet: 4,096 events (about 20 KB encoded for dense DVS128 data). */
  public static final int DEFAULT_PACKET_MAX_EVENTS = 4096;

  /** Default longest packet: 50 ms of event time, so sparse streams still flow. */
  public static final long DEFAULT_PACKET_MAX_SPAN_MICROS = 50_000;

  /** Largest allowed {@link #packetMaxEvents}. */
  public static final int MAX_PACKET_EVENTS = 1_000_000;

  public ReplayConfig {
    requireText("bootstrapServers", bootstrapServers);
    requireText("topic", topic);
    requireText("sensorId", sensorId);
    if (packetMaxEvents < 1 || packetMaxEvents > MAX_PACKET_EVENTS) {
      throw new IllegalArgumentException(
          "packetMaxEvents must be in 1.." + MAX_PACKET_EVENTS + ", got " + packetMaxEvents);
    }
    if (packetMaxSpanMicros < 0) {
      throw new IllegalArgumentException(
          "packetMaxSpanMicros must be >= 0 (0 = no limit), got " + packetMaxSpanMicros);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0 (or max), got " + speed);
    }
    if (compression == null) {
      throw new IllegalArgumentException("compression must be set, got null");
    }
    if (lingerMillis < 0) {
      throw new IllegalArgumentException("lingerMillis must be >= 0, got " + lingerMillis);
    }
    if (batchSizeBytes < 1024) {
      throw new IllegalArgumentException("batchSizeBytes must be >= 1024, got " + batchSizeBytes);
    }
    if (connectTimeoutMillis < 100) {
      throw new IllegalArgumentException(
          "connectTimeoutMillis must be >= 100, got " + connectTimeoutMillis);
    }
    if (originMicros == null) {
      throw new IllegalArgumentException("originMicros must be a value or empty, got null");
    }
  }

  /**
   * Defaults: topic {@value #DEFAULT_TOPIC}, sensor {@value #DEFAULT_SENSOR_ID}, packets of at most
   * 4,096 events and 50 ms, speed 1 (real time), lz4, linger 5 ms, batch 512 KiB (the settings that
   * won the replay benchmark, docs/benchmarks.md), 5 s connect timeout, origin = now.
   */
  public static ReplayConfig defaults(String bootstrapServers) {
    return new ReplayConfig(
        bootstrapServers,
        DEFAULT_TOPIC,
        DEFAULT_SENSOR_ID,
        DEFAULT_PACKET_MAX_EVENTS,
        DEFAULT_PACKET_MAX_SPAN_MICROS,
        1.0,
        Compression.LZ4,
        5,
        512 * 1024,
        5_000,
        OptionalLong.empty());
  }

  /** Whether pacing is off ({@code --speed max}). */
  public boolean unpaced() {
    return speed == Double.POSITIVE_INFINITY;
  }

  /**
   * Parses a speed: {@code max} (as fast as possible) or a positive number, e.g. {@code 1}, {@code
   * 10}, {@code 0.5}.
   */
  public static double parseSpeed(String text) {
    if (text == null) {
      throw new IllegalArgumentException("speed must be 'max' or a positive number, got null");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return Double.POSITIVE_INFINITY;
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a positive number, got '" + text + "'", e);
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a positive number, got '" + text + "'");
    }
    return v;
  }

  public ReplayConfig withTopic(String value) {
    return new ReplayConfig(
        bootstrapServers,
        value,
        sensorId,
        packetMaxEvents,
        packetMaxSpanMicros,
        speed,
        compression,
        lingerMillis,
        batchSizeBytes,
        connectTimeoutMillis,
        originMicros);
  }

  public ReplayConfig withSensorId(String value) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        value,
        packetMaxEvents,
        packetMaxSpanMicros,
        speed,
        compression,
        lingerMillis,
        batchSizeBytes,
        connectTimeoutMillis,
        originMicros);
  }

  /** Packet limits: at most {@code maxEvents} events and {@code maxSpanMicros} (0 = no limit). */
  public ReplayConfig withPacketLimits(int maxEvents, long maxSpanMicros) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        sensorId,
        maxEvents,
        maxSpanMicros,
        speed,
        compression,
        lingerMillis,
        batchSizeBytes,
        connectTimeoutMillis,
        originMicros);
  }

  public ReplayConfig withSpeed(double value) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        sensorId,
        packetMaxEvents,
        packetMaxSpanMicros,
        value,
        compression,
        lingerMillis,
        batchSizeBytes,
        connectTimeoutMillis,
        originMicros);
  }

  /** Producer tuning: compression, {@code linger.ms} and {@code batch.size}. */
  public ReplayConfig withProducerTuning(Compression codec, int linger, int batchSize) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        sensorId,
        packetMaxEvents,
        packetMaxSpanMicros,
        speed,
        codec,
        linger,
        batchSize,
        connectTimeoutMillis,
        originMicros);
  }

  public ReplayConfig withConnectTimeoutMillis(long value) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        sensorId,
        packetMaxEvents,
        packetMaxSpanMicros,
        speed,
        compression,
        lingerMillis,
        batchSizeBytes,
        value,
        originMicros);
  }

  /** Fixes the event time of the first sample's start. */
  public ReplayConfig withOriginMicros(long value) {
    return new ReplayConfig(
        bootstrapServers,
        topic,
        sensorId,
        packetMaxEvents,
        packetMaxSpanMicros,
        speed,
        compression,
        lingerMillis,
        batchSizeBytes,
        connectTimeoutMillis,
        OptionalLong.of(value));
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
    }
  }
}
