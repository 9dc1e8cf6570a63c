package io.spikestream.testsupport;

import io.spikestream.kafka.local.LocalKafkaConfig;
import io.spikestream.kafka.local.TopicCreation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link TestKafka} on an {@code apache/kafka} container (Testcontainers' {@code
 * org.testcontainers.kafka.KafkaContainer}, KRaft, one combined broker and controller), configured
 * like the in-process broker. The image is {@code apache/kafka:<kafka.version of the parent pom>}
 * unless the system property {@value #IMAGE_PROPERTY} names another.
 */
final class ContainerKafka implements TestKafka {
  /** System property that overrides the container image, e.g. {@code apache/kafka:4.4.0}. */
  static final String IMAGE_PROPERTY = "spikestream.it.kafka.image";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerKafka.class);
  private static final String IMAGE_RESOURCE = "test-kafka.properties";
  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private final KafkaContainer container;
  private final Admin admin;

  private ContainerKafka(KafkaContainer container, Admin admin) {
    this.container = container;
    this.admin = admin;
  }

  static ContainerKafka start() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      String message =
          BrokerKind.PROPERTY
              + "="
              + BrokerKind.TESTCONTAINERS.propertyValue()
              + " but Testcontainers finds no Docker engine: skipped (without the property the"
              + " in-process broker runs these tests)";
      // an abort in @BeforeAll shows as "Tests run: 0" in Surefire's summary: say why here
      LOG.warn("{}", message);
      Assumptions.abort(message);
    }
    KafkaContainer container = configure(new KafkaContainer(DockerImageName.parse(image())));
    container.start();
    try {
      Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers()));
      return new ContainerKafka(container, admin);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  /** The broker settings that make the container behave as the in-process broker. */
  static KafkaContainer configure(KafkaContainer container) {
    String maxBytes = Integer.toString(LocalKafkaConfig.DEFAULT_MESSAGE_MAX_BYTES);
    return container
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(LocalKafkaConfig.DEFAULT_PARTITIONS))
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", maxBytes)
        .withEnv("KAFKA_REPLICA_FETCH_MAX_BYTES", maxBytes)
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
  }

  /** The image to run: the system property if set, else the one the build wrote. */
  static String image() {
    String override = System.getProperty(IMAGE_PROPERTY);
    if (override != null && !override.isBlank()) {
      return override.trim();
    }
    Properties p = new Properties();
    try (InputStream in = ContainerKafka.class.getResourceAsStream(IMAGE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(IMAGE_RESOURCE + " missing from the test-support jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String image = p.getProperty("kafka.image");
    if (image == null || image.isBlank() || image.contains("${")) {
      throw new IllegalStateException(
          IMAGE_RESOURCE + ": kafka.image '" + image + "' was not filled in by the build");
    }
    return image;
  }

  @Override
  public BrokerKind kind() {
    return BrokerKind.TESTCONTAINERS;
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    if (!createTopicIfAbsent(name, partitions, configs)) {
      throw new IllegalStateException("topic '" + name + "' exists already");
    }
  }

  @Override
  public boolean createTopicIfAbsent(String name, int partitions, Map<String, String> configs) {
    return TopicCreation.createIfAbsent(
        admin, name, partitions, configs, Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
  }

  @Override
  public void close() {
    try {
      admin.close();
    } finally {
      container.stop();
    }
  }
}
