package io.spikestream.kafka.local;

import java.nio.file.Path;

/**
 * How to start a {@link LocalKafkaBroker}. Immutable and validated; {@link #defaults()} is the one
 * source of defaults.
 *
 * @param port client (PLAINTEXT) port; 0 picks a free port (and, on a kept data directory, reuses
 *     the port of the previous run when it is free)
 * @param host the host name advertised to clients and bound to; {@code 127.0.0.1} by default
 * @param dataDir where the broker keeps its logs; {@code null} creates a temporary directory
 * @param keepData whether {@link LocalKafkaBroker#close()} keeps {@code dataDir}; a temporary
 *     directory (dataDir {@code null}) is always deleted
 * @param defaultPartitions partitions of a topic created without a count ({@code num.partitions})
 * @param messageMaxBytes largest record batch the broker accepts ({@code message.max.bytes}); large
 *     enough for model artifacts on {@code snn.models}
 */
public record LocalKafkaConfig(
    int port,
    String host,
    Path dataDir,
    boolean keepData,
    int defaultPartitions,
    int messageMaxBytes) {

  /** 16 MiB: a model artifact fits in one record. */
  public static final int DEFAULT_MESSAGE_MAX_BYTES = 16 * 1024 * 1024;

  /** Partitions of a topic created without an explicit count. */
  public static final int DEFAULT_PARTITIONS = 4;

  public LocalKafkaConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (free port) or 1..65535, got " + port);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be a host name or address, got '" + host + "'");
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException(
          "defaultPartitions must be >= 1, got " + defaultPartitions);
    }
    if (messageMaxBytes < 1024) {
      throw new IllegalArgumentException("messageMaxBytes must be >= 1024, got " + messageMaxBytes);
    }
  }

  /** A free port on 127.0.0.1, a temporary data directory deleted on close, 4 partitions. */
  public static LocalKafkaConfig defaults() {
    return new LocalKafkaConfig(
        0, "127.0.0.1", null, false, DEFAULT_PARTITIONS, DEFAULT_MESSAGE_MAX_BYTES);
  }

  /** This config with another client port (0 = free port). */
  public LocalKafkaConfig withPort(int newPort) {
    return new LocalKafkaConfig(
        newPort, host, dataDir, keepData, defaultPartitions, messageMaxBytes);
  }

  /** This config with another advertised host. */
  public LocalKafkaConfig withHost(String newHost) {
    return new LocalKafkaConfig(
        port, newHost, dataDir, keepData, defaultPartitions, messageMaxBytes);
  }

  /**
   * This config with a data directory of the caller's ({@code null} = temporary) and whether to
   * keep it on close.
   */
  public LocalKafkaConfig withDataDir(Path newDataDir, boolean keep) {
    return new LocalKafkaConfig(port, host, newDataDir, keep, defaultPartitions, messageMaxBytes);
  }

  /** This config with another default partition count. */
  public LocalKafkaConfig withDefaultPartitions(int partitions) {
    return new LocalKafkaConfig(port, host, dataDir, keepData, partitions, messageMaxBytes);
  }

  /** This config with another {@code message.max.bytes}. */
  public LocalKafkaConfig withMessageMaxBytes(int bytes) {
    return new LocalKafkaConfig(port, host, dataDir, keepData, defaultPartitions, bytes);
  }
}
