package io.spikestream.testsupport;

import io.spikestream.kafka.local.LocalKafkaBroker;
import java.util.Map;

/**
 * {@link TestKafka} on the project's in-process broker: a temporary data directory, a free port.
 */
final class InProcessKafka implements TestKafka {
  private final LocalKafkaBroker broker;

  private InProcessKafka(LocalKafkaBroker broker) {
    this.broker = broker;
  }

  static InProcessKafka start() {
    return new InProcessKafka(LocalKafkaBroker.start());
  }

  @Override
  public BrokerKind kind() {
    return BrokerKind.IN_PROCESS;
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    broker.createTopic(name, partitions, configs);
  }

  @Override
  public boolean createTopicIfAbsent(String name, int partitions, Map<String, String> configs) {
    return broker.createTopicIfAbsent(name, partitions, configs);
  }

  @Override
  public void close() {
    broker.close();
  }
}
