package io.spikestream.cli;

import java.util.List;

/**
 * Quiets Kafka's own loggers in commands that run brokers or clients: Kafka logs its whole
 * configuration and every connection attempt at INFO, which would bury the command's output.
 * slf4j-simple reads these system properties when a logger is created, so a call at the start of a
 * command works; a level the user set (-D...) is kept.
 */
final class KafkaLogLevels {

  private static final List<String> KAFKA_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private KafkaLogLevels() {}

  /** Sets Kafka's loggers to {@code level} (e.g. "warn", "error") unless the user chose one. */
  static void quiet(String level) {
    for (String logger : KAFKA_LOGGERS) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, level);
      }
    }
  }
}
