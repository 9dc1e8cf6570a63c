package io.spikestream.streams.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterChain;
import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.testsupport.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The filter stage on a real broker with exactly-once: a real DVS128 recording, sent as EventPacket
 * records of 1,000 events, comes out of the stage equal, event by event, to the same filter chain
 * applied to the whole recording at once.
 */
class FilterStageIT {

  private static final String RECORDING =
      "aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat";

  @Test
  void filteredTopicEqualsTheChainOnTheWholeRecording() throws Exception {
    String shared = System.getProperty("spikestream.shared.dir");
    Path file = shared == null ? null : Path.of(shared, "data", RECORDING);
    assumeTrue(
        file != null && Files.isRegularFile(file),
        "real recording " + RECORDING + " not found (spikestream.shared.dir = " + shared + ")");
    EventBatch all = new EventBatch(1 << 17);
    EventBatch chunk = new EventBatch(1 << 14);
    SensorGeometry g;
    try (EventReader r = EventFiles.open(file)) {
      while (r.read(chunk) > 0) {
        all.addAll(chunk);
      }
      g = r.geometry();
    }
    List<String> specs = List.of("denoise:dt=10ms", "refractory:1ms", "downsample:2");
    EventBatch expected = new EventBatch(all.size());
    expected.addAll(all);
    FilterChain.parse(specs, g).apply(expected);

    try (TestKafka broker = TestKafka.start()) {
      broker.createTopic("raw", 1);
      broker.createTopic("filtered", 1);
      broker.createTopic("raw.dlq", 1);
      EventPacketCodec codec = new EventPacketCodec();
      var serde = SpikestreamSerdes.eventPacket();
      Properties pp = new Properties();
      pp.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      pp.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      int packets = 0;
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
        for (int from = 0; from < all.size(); from += 1000, packets++) {
          EventPacket packet =
              codec.encode(
                  "dvs128",
                  packets,
                  g.width(),
                  g.height(),
                  all.xs(),
                  all.ys(),
                  all.polarities(),
                  all.timestampsMicros(),
                  from,
                  Math.min(1000, all.size() - from),
                  null);
          p.send(new ProducerRecord<>("raw", "dvs128", serde.serialize("raw", packet)));
        }
      }
      FilterStageConfig config =
          new FilterStageConfig(
              broker.bootstrapServers(),
              "filter-it-" + UUID.randomUUID(),
              "raw",
              "filtered",
              "raw.dlq",
              FilterSpecs.parseAll(specs));
      FilterStats stats = new FilterStats();
      Properties sp = config.streamsProperties();
      sp.setProperty("state.dir", Files.createTempDirectory("filter-it").toString());
      try (KafkaStreams streams = new KafkaStreams(FilterTopology.build(config, stats), sp)) {
        streams.start();
        Properties cp = new Properties();
        cp.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        cp.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        cp.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventBatch got = new EventBatch(1 << 16);
        EventColumns cols = new EventColumns();
        int received = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<String, byte[]> c =
            new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
          c.subscribe(List.of("filtered"));
          while (received < packets && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
              EventPacket out = serde.deserialize("filtered", r.value());
              assertThat(out.getSequence()).isEqualTo(received);
              assertThat(out.getWidth()).isEqualTo(64);
              assertThat(out.getHeight()).isEqualTo(64);
              codec.decode(out, cols, OutOfRange.REJECT);
              for (int i = 0; i < cols.size(); i++) {
                got.add(
                    cols.xs()[i], cols.ys()[i], cols.polarities()[i], cols.timestampsMicros()[i]);
              }
              received++;
            }
          }
        }
        assertThat(received).isEqualTo(packets);
        assertThat(got.size()).isEqualTo(expected.size()).isLessThan(all.size());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(got.timestampMicros(i)).isEqualTo(expected.timestampMicros(i));
          assertThat(got.x(i)).isEqualTo(expected.x(i));
          assertThat(got.y(i)).isEqualTo(expected.y(i));
          assertThat(got.on(i)).isEqualTo(expected.on(i));
        }
        System.out.println("filter stage: " + stats.describe());
      }
    }
  }
}
