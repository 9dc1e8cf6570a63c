package io.spikestream.streams.filter;

import io.spikestream.dvs.filter.FilterSpec;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the filter stage. Immutable and validated.
 *
 * @param bootstrapServers Kafka {@code host:port[,...]}
 * @param applicationId Kafka Streams application id (consumer group, internal names)
 * @param inputTopic EventPacket records to filter (e.g. {@code dvs.raw})
 * @param outputTopic where the filtered packets go (e.g. {@code dvs.events})
 * @param dlqTopic undecodable input records go here, unchanged, with the reason in headers
 * @param filters the stages every sensor's events pass, in order (at least one)
 */
public record FilterStageConfig(
    String bootstrapServers,
    String applicationId,
    String inputTopic,
    String outputTopic,
    String dlqTopic,
    List<FilterSpec> filters) {

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "spikestream-filter";

  /** Default DLQ topic of the filter stage. */
  public static final String DEFAULT_DLQ = "dvs.raw.dlq";

  public FilterStageConfig {
    requireText("bootstrapServers", bootstrapServers);
    requireText("applicationId", applicationId);
    requireText("inputTopic", inputTopic);
    requireText("outputTopic", outputTopic);
    requireText("dlqTopic", dlqTopic);
    if (inputTopic.equals(outputTopic)) {
      throw new IllegalArgumentException(
          "outputTopic must differ from inputTopic, got '" + outputTopic + "' for both");
    }
    if (filters == null || filters.isEmpty()) {
      throw new IllegalArgumentException("filters must name at least one stage, got " + filters);
    }
    filters = List.copyOf(filters);
  }

  /** The Kafka Streams properties: exactly-once, so a packet is neither lost nor duplicated. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    return p;
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
    }
  }
}
