package io.spikestream.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

  @Test
  void roundTripsRecordsInOrderPerPartition() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      broker.createTopic("round-trip", 2);
      try (KafkaProducer<String, String> p = producer(broker, Map.of())) {
        for (int i = 0; i < 200; i++) {
          p.send(new ProducerRecord<>("round-trip", "k" + (i % 3), Integer.toString(i))).get();
        }
      }
      List<ConsumerRecord<String, String>> got = consume(broker, "round-trip", 200, false);
      assertThat(got).hasSize(200);
      for (String key : List.of("k0", "k1", "k2")) {
        List<Integer> values =
            got.stream()
                .filter(r -> r.key().equals(key))
                .map(r -> Integer.parseInt(r.value()))
                .toList();
        assertThat(values).isSorted().allMatch(v -> ("k" + (v % 3)).equals(key));
      }
    }
  }

  @Test
  void temporaryDataDirectoryIsDeletedOnClose() {
    Path dir;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      dir = broker.dataDir();
      assertThat(dir).isDirectory();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void missingTopicIsAnErrorBecauseAutoCreationIsOff() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start();
        Admin admin = admin(broker)) {
      assertThatThrownBy(() -> admin.describeTopics(List.of("nope")).allTopicNames().get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
      try (KafkaProducer<String, String> p =
          producer(broker, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500"))) {
        assertThatThrownBy(() -> p.send(new ProducerRecord<>("nope", "k", "v")).get())
            .hasMessageContaining("nope");
      }
      assertThat(admin.listTopics().names().get()).doesNotContain("nope");
    }
  }

  @Test
  void createsCompactedTopicsAndRefusesDuplicates() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start();
        Admin admin = admin(broker)) {
      broker.createTopic("models", 1, Map.of("cleanup.policy", "compact"));
      ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, "models");
      ConfigEntry policy =
          admin.describeConfigs(List.of(res)).all().get().get(res).get("cleanup.policy");
      assertThat(policy.value()).isEqualTo("compact");
      assertThatThrownBy(() -> broker.createTopic("models", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("models");
      assertThat(broker.createTopicIfAbsent("models", 1, Map.of())).isFalse();
    }
  }

  @Test
  void acceptsRecordsOfSeveralMebibytes() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      broker.createTopic("big", 1);
      String eightMiB = "x".repeat(8 * 1024 * 1024);
      try (KafkaProducer<String, String> p =
          producer(broker, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "16777216"))) {
        p.send(new ProducerRecord<>("big", "model", eightMiB)).get();
      }
      List<ConsumerRecord<String, String>> got =
          consume(
              broker,
              "big",
              1,
              false,
              Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "16777216"));
      assertThat(got).singleElement().satisfies(r -> assertThat(r.value()).hasSize(8 << 20));
    }
  }

  @Test
  void restartsOnTheSameDataDirectoryWithItsTopicsAndRecords(@TempDir Path dir) throws Exception {
    LocalKafkaConfig config = LocalKafkaConfig.defaults().withDataDir(dir.resolve("kafka"), true);
    String firstBootstrap;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(config)) {
      firstBootstrap = broker.bootstrapServers();
      broker.createTopic("kept", 1);
      try (KafkaProducer<String, String> p = producer(broker, Map.of())) {
        p.send(new ProducerRecord<>("kept", "k", "before restart")).get();
      }
    }
    assertThat(dir.resolve("kafka")).isDirectory();
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(config)) {
      assertThat(broker.bootstrapServers()).isEqualTo(firstBootstrap);
      assertThat(broker.createTopicIfAbsent("kept", 1, Map.of())).isFalse();
      try (KafkaProducer<String, String> p = producer(broker, Map.of())) {
        p.send(new ProducerRecord<>("kept", "k", "after restart")).get();
      }
      assertThat(consume(broker, "kept", 2, false))
          .extracting(ConsumerRecord::value)
          .containsExactly("before restart", "after restart");
    }
    assertThat(Files.exists(dir.resolve("kafka"))).isTrue();
  }

  @Test
  void transactionsCommitAndAbort() throws Exception {
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      broker.createTopic("tx", 1);
      try (KafkaProducer<String, String> p =
          producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("tx", "k", "aborted"));
        p.abortTransaction();
        p.beginTransaction();
        p.send(new ProducerRecord<>("tx", "k", "committed"));
        p.commitTransaction();
      }
      assertThat(consume(broker, "tx", 1, true))
          .extracting(ConsumerRecord::value)
          .containsExactly("committed");
    }
  }

  private static KafkaProducer<String, String> producer(
      LocalKafkaBroker broker, Map<String, String> extra) {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putAll(extra);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static Admin admin(LocalKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static List<ConsumerRecord<String, String>> consume(
      LocalKafkaBroker broker, String topic, int expected, boolean readCommitted) {
    return consume(broker, topic, expected, readCommitted, Map.of());
  }

  /** Reads until {@code expected} records arrived, then polls once more to catch extras. */
  private static List<ConsumerRecord<String, String>> consume(
      LocalKafkaBroker broker,
      String topic,
      int expected,
      boolean readCommitted,
      Map<String, String> extra) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.setProperty(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    p.putAll(extra);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add);
    }
    return out;
  }
}
