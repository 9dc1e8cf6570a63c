package io.spikestream.testsupport;

import java.util.Map;

/**
 * A running Kafka broker for an integration test, whichever kind {@link BrokerKind} chose: the
 * handle offers what the tests need (bootstrap servers, topic creation) and nothing of either
 * implementation.
 *
 * <p>Usage: {@code broker = TestKafka.start();} in {@code @BeforeAll} (or try-with-resources),
 * {@code broker.close()} in {@code @AfterAll}. With {@code -Dspikestream.it.broker=testcontainers}
 * and no Docker engine, {@link #start()} aborts the calling test or class with a JUnit assumption,
 * so the tests are reported as skipped, not failed.
 *
 * <p>Both kinds are configured alike: one node, automatic topic creation off (a missing topic is an
 * error a producer reports), {@code message.max.bytes} of {@link
 * io.spikestream.kafka.local.LocalKafkaConfig#DEFAULT_MESSAGE_MAX_BYTES}, replication factor 1 and
 * min ISR 1 for the internal topics (transactions and {@code exactly_once_v2} work), no initial
 * rebalance delay.
 */
public interface TestKafka extends AutoCloseable {

  /** Starts the broker {@link BrokerKind#PROPERTY} selects (default: in-process). */
  static TestKafka start() {
    return start(BrokerKind.fromSystemProperty());
  }

  /**
   * Starts a broker of the given kind and returns once it accepts requests.
   *
   * @throws org.opentest4j.TestAbortedException for {@link BrokerKind#TESTCONTAINERS} when no
   *     Docker engine is available (JUnit reports the test as skipped)
   */
  static TestKafka start(BrokerKind kind) {
    return switch (kind) {
      case IN_PROCESS -> InProcessKafka.start();
      case TESTCONTAINERS -> ContainerKafka.start();
    };
  }

  /** The kind of this broker. */
  BrokerKind kind();

  /** {@code host:port} for clients in this JVM or a child process on the same host. */
  String bootstrapServers();

  /** Creates a topic with replication factor 1 and waits until it exists. */
  default void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with replication factor 1 and the given topic configs. */
  void createTopic(String name, int partitions, Map<String, String> configs);

  /**
   * Creates the topic unless it exists.
   *
   * @return whether this call created it
   */
  boolean createTopicIfAbsent(String name, int partitions, Map<String, String> configs);

  /** Stops the broker and deletes its data. */
  @Override
  void close();
}
