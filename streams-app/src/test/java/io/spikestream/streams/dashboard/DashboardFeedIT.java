package io.spikestream.streams.dashboard;

import static io.spikestream.streams.dashboard.ClassificationStatsTest.classification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.testsupport.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's Kafka feed against a real broker: what it reads, from where, and bad records. */
class DashboardFeedIT {
  private static final String EVENTS = "dash.events";
  private static final String CLASSIFICATIONS = "dash.classifications";
  private static TestKafka broker;

  @BeforeAll
  static void start() {
    broker = TestKafka.start();
    broker.createTopic(EVENTS, 2);
    broker.createTopic(CLASSIFICATIONS, 2);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static byte[] packet(String sensor, long seq, int x, int y, boolean on, long t) {
    EventPacket p =
        new EventPacketCodec()
            .encode(
                sensor,
                seq,
                34,
                34,
                new int[] {x},
                new int[] {y},
                new boolean[] {on},
                new long[] {t},
                0,
                1,
                null);
    return SpikestreamSerdes.eventPacket().serializer().serialize(EVENTS, p);
  }

  private static byte[] bytes(Classification c) {
    return SpikestreamSerdes.classification().serializer().serialize(CLASSIFICATIONS, c);
  }

  @Test
  void readsNewEventsAndRecentClassificationsAndSkipsBadRecords() throws Exception {
    DashboardState state =
        new DashboardState(
            DashboardConfig.defaults(),
            () -> new ModelInfo("m", 1, List.of("a", "b", "c"), 10),
            System::nanoTime);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      // before the feed starts: an old packet (not shown: events are read from the end) and
      // three classifications (read back: they count in the running accuracy)
      producer.send(new ProducerRecord<>(EVENTS, "cam-old", packet("cam-old", 0, 1, 1, true, 10)));
      producer.send(
          new ProducerRecord<>(
              CLASSIFICATIONS,
              "cam-1",
              bytes(classification("cam-1", 1, 1, 1, ExitReason.CONFIDENCE, 10))));
      producer.send(
          new ProducerRecord<>(
              CLASSIFICATIONS,
              "cam-2",
              bytes(classification("cam-2", 2, 1, 3, ExitReason.CONFIDENCE, 10))));
      producer.send(
          new ProducerRecord<>(
              CLASSIFICATIONS,
              "cam-3",
              bytes(classification("cam-3", 0, 0, 9, ExitReason.NONE, 10))));
      producer.flush();

      DashboardFeed feed =
          new DashboardFeed(broker.bootstrapServers(), EVENTS, CLASSIFICATIONS, state);
      try {
        awaitTrue(() -> state.classifications() == 3, "the three earlier classifications");
        // the feed assigns its partitions before reading, so records sent from now on are seen
        Thread.sleep(500);
        producer.send(new ProducerRecord<>(EVENTS, "cam-1", packet("cam-1", 0, 3, 4, true, 1_000)));
        producer.send(new ProducerRecord<>(EVENTS, "cam-1", "not a packet".getBytes()));
        producer.send(
            new ProducerRecord<>(EVENTS, "cam-1", packet("cam-1", 1, 5, 6, false, 2_000)));
        producer.send(new ProducerRecord<>(CLASSIFICATIONS, "cam-1", "garbage".getBytes()));
        producer.send(
            new ProducerRecord<>(
                CLASSIFICATIONS,
                "cam-1",
                bytes(classification("cam-1", 1, 1, 2, ExitReason.CONFIDENCE, 10))));
        producer.flush();
        awaitTrue(
            () -> state.events() == 2 && state.classifications() == 4,
            "two new packets and a fourth classification");
      } finally {
        feed.close();
      }
    }
    JsonNode j = new ObjectMapper().readTree(state.snapshotJson());
    assertThat(j.get("undecodable").asLong()).isEqualTo(1);
    assertThat(j.get("accuracy").asDouble()).isEqualTo(0.75);
    assertThat(j.get("meanExitTimestep").asDouble()).isEqualTo((2 + 4 + 10 + 3) / 4.0);
    JsonNode sensors = j.get("sensors");
    // cam-old's packet came before the feed: only the sensors with new events or
    // classifications are shown
    assertThat(sensors.findValuesAsText("id")).containsExactly("cam-1", "cam-2", "cam-3");
    JsonNode cam1 = sensors.get(0);
    assertThat(cam1.get("events").asLong()).isEqualTo(2);
    assertThat(cam1.get("frame").get("events").asLong()).isEqualTo(2);
    assertThat(cam1.get("prediction").get("exitStep").asInt()).isEqualTo(2);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
