package io.spikestream.streams;

import io.spikestream.schemas.serde.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated configuration of the streams app, the one source of its defaults (DESIGN section 4).
 *
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,...]}
 * @param topics topic names and serdes
 * @param modelFile artifact (folder or zip) to serve at start, or null to wait for {@code
 *     snn.models}
 * @param stateDir Kafka Streams state directory
 * @param httpPort HTTP port (0 = any free port)
 * @param httpHost HTTP bind address (localhost by default)
 * @param punctuationInterval how often wall-clock punctuation looks for quiet sensors
 * @param quietTimeout a sensor without events for this long has its open window closed
 * @param maxOutOfRangeFraction a packet with a larger fraction of out-of-range events goes to the
 *     DLQ; below it the events are dropped and counted
 * @param commitInterval Kafka Streams commit interval
 */
public record AppConfig(
    String applicationId,
    String bootstrapServers,
    Topics topics,
    Path modelFile,
    Path stateDir,
    int httpPort,
    String httpHost,
    Duration punctuationInterval,
    Duration quietTimeout,
    double maxOutOfRangeFraction,
    Duration commitInterval) {

  public static final String DEFAULT_APPLICATION_ID = "spikestream-classifier";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_HTTP_HOST = "localhost";
  public static final Duration DEFAULT_PUNCTUATION_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_QUIET_TIMEOUT = Duration.ofSeconds(2);
  public static final double DEFAULT_MAX_OUT_OF_RANGE_FRACTION = 0.5;
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);

  public AppConfig {
    applicationId = nonBlank("applicationId", applicationId);
    if (!applicationId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "applicationId may hold only letters, digits, '.', '_' and '-', got '"
              + applicationId
              + "'");
    }
    bootstrapServers = nonBlank("bootstrapServers", bootstrapServers);
    Objects.requireNonNull(topics, "topics must be set, got null");
    if (stateDir == null) {
      throw new IllegalArgumentException("stateDir must be set, got null");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be in 0..65535, got " + httpPort);
    }
    httpHost = nonBlank("httpHost", httpHost);
    positive("punctuationInterval", punctuationInterval);
    positive("quietTimeout", quietTimeout);
    positive("commitInterval", commitInterval);
    if (!(maxOutOfRangeFraction >= 0 && maxOutOfRangeFraction <= 1)) {
      throw new IllegalArgumentException(
          "maxOutOfRangeFraction must be in [0, 1], got " + maxOutOfRangeFraction);
    }
  }

  /** Defaults for everything but the broker, no model file. */
  public static AppConfig defaults(String bootstrapServers) {
    return new AppConfig(
        DEFAULT_APPLICATION_ID,
        bootstrapServers,
        Topics.defaults(),
        null,
        Path.of(System.getProperty("java.io.tmpdir"), "spikestream-streams"),
        DEFAULT_HTTP_PORT,
        DEFAULT_HTTP_HOST,
        DEFAULT_PUNCTUATION_INTERVAL,
        DEFAULT_QUIET_TIMEOUT,
        DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
        DEFAULT_COMMIT_INTERVAL);
  }

  public AppConfig withApplicationId(String id) {
    return new AppConfig(
        id,
        bootstrapServers,
        topics,
        modelFile,
        stateDir,
        httpPort,
        httpHost,
        punctuationInterval,
        quietTimeout,
        maxOutOfRangeFraction,
        commitInterval);
  }

  public AppConfig withModelFile(Path file) {
    return new AppConfig(
        applicationId,
        bootstrapServers,
        topics,
        file,
        stateDir,
        httpPort,
        httpHost,
        punctuationInterval,
        quietTimeout,
        maxOutOfRangeFraction,
        commitInterval);
  }

  public AppConfig withStateDir(Path dir) {
    return new AppConfig(
        applicationId,
        bootstrapServers,
        topics,
        modelFile,
        dir,
        httpPort,
        httpHost,
        punctuationInterval,
        quietTimeout,
        maxOutOfRangeFraction,
        commitInterval);
  }

  public AppConfig withHttpPort(int port) {
    return new AppConfig(
        applicationId,
        bootstrapServers,
        topics,
        modelFile,
        stateDir,
        port,
        httpHost,
        punctuationInterval,
        quietTimeout,
        maxOutOfRangeFraction,
        commitInterval);
  }

  public AppConfig withQuietTimeout(Duration timeout) {
    return new AppConfig(
        applicationId,
        bootstrapServers,
        topics,
        modelFile,
        stateDir,
        httpPort,
        httpHost,
        punctuationInterval,
        timeout,
        maxOutOfRangeFraction,
        commitInterval);
  }

  private static String nonBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
    }
    return value.strip();
  }

  private static void positive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
    }
  }
}
