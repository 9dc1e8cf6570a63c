package io.spikestream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.Topic;
import io.spikestream.schemas.serde.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One contract for every {@link TestKafka} kind (STYLE 10): what the integration tests rely on —
 * project records through the project's serdes, topic creation, automatic creation off, large
 * records accepted — holds on the in-process broker and on the container alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TestKafkaContract {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long READ_TIMEOUT_MILLIS = 30_000;

  private TestKafka broker;

  /** The kind under test. */
  abstract BrokerKind kind();

  @BeforeAll
  void startBroker() {
    broker = TestKafka.start(kind());
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void isTheKindAskedFor() {
    assertThat(broker.kind()).isEqualTo(kind());
    assertThat(broker.bootstrapServers()).matches("[^,:]+:\\d+(,[^,:]+:\\d+)*");
  }

  @Test
  void eventPacketsRoundTripThroughTheProjectsSerdes() throws Exception {
    Topic<String, EventPacket> topic = Topics.defaults().events().withName("contract.events");
    broker.createTopic(topic.name(), 2);
    int n = 300;
    int[] xs = new int[n];
    int[] ys = new int[n];
    boolean[] on = new boolean[n];
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = (i * 7) % 34;
      ys[i] = (i * 11) % 34;
      on[i] = i % 3 == 0;
      t[i] = 1_000_000L + 13L * i;
    }
    SampleInfo sample =
        SampleInfo.newBuilder()
            .setSampleId("contract/0.bin")
            .setLabel(3)
            .setLabelName("3")
            .setSampleStartMicros(1_000_000L)
            .setSampleDurationMicros(300_000L)
            .setEndOfSample(true)
            .build();
    EventPacketCodec codec = new EventPacketCodec();
    EventPacket sent = codec.encode("cam-7", 0, 34, 34, xs, ys, on, t, 0, n, sample);

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, EventPacket> producer =
        new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), "cam-7", sent)).get();
    }

    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-" + kind().propertyValue());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, EventPacket>> got = new ArrayList<>();
    try (KafkaConsumer<String, EventPacket> consumer =
        new KafkaConsumer<>(
            c, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.currentTimeMillis() + READ_TIMEOUT_MILLIS;
      while (got.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(POLL).forEach(got::add);
      }
    }
    assertThat(got).hasSize(1);
    assertThat(got.get(0).key()).isEqualTo("cam-7");
    EventPacket received = got.get(0).value();
    assertThat(received).isEqualTo(sent);
    EventColumns cols = new EventColumns();
    assertThat(codec.decode(received, cols, OutOfRange.REJECT)).isEqualTo(n);
    assertThat(java.util.Arrays.copyOf(cols.xs(), n)).containsExactly(xs);
    assertThat(java.util.Arrays.copyOf(cols.ys(), n)).containsExactly(ys);
    assertThat(java.util.Arrays.copyOf(cols.polarities(), n)).containsExactly(on);
    assertThat(java.util.Arrays.copyOf(cols.timestampsMicros(), n)).containsExactly(t);
    assertThat(received.getSample().getLabel()).isEqualTo(3);
  }

  @Test
  void createsATopicOnceAndReportsWhenItExists() {
    assertThat(
            broker.createTopicIfAbsent(
                "contract.compacted", 1, Map.of("cleanup.policy", "compact")))
        .isTrue();
    assertThat(broker.createTopicIfAbsent("contract.compacted", 1, Map.of())).isFalse();
    assertThatThrownBy(() -> broker.createTopic("contract.compacted", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("contract.compacted");
  }

  @Test
  void aMissingTopicIsAnErrorNotCreatedOnTheFly() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>("contract.missing", new byte[] {1})).get())
          .hasMessageContaining("contract.missing");
    }
  }

  @Test
  void acceptsRecordsLargerThanKafkasOneMebibyteDefault() throws Exception {
    broker.createTopic("contract.large", 1);
    byte[] value = new byte[3 * 1024 * 1024];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("contract.large", value));
      assertThat(sent.get().offset()).isZero();
    } catch (ExecutionException e) {
      throw new AssertionError("the broker refused a 3 MiB record", e.getCause());
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-large");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    byte[] read = null;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("contract.large"));
      long deadline = System.currentTimeMillis() + READ_TIMEOUT_MILLIS;
      while (read == null && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          read = r.value();
        }
      }
    }
    assertThat(read).isEqualTo(value);
  }
}
