package io.spikestream.producers.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Shared test fixtures for the live sources: real recordings and reading a topic back. */
final class LiveFixtures {

  private LiveFixtures() {}

  /** A recording held in memory. */
  record Recording(EventBatch events, SensorGeometry geometry) {}

  /** The path of a file under ../shared/data; skips the test when it is absent. */
  static Path shared(String relative) {
    String shared = System.getProperty("spikestream.shared.dir");
    Path file = shared == null ? null : Path.of(shared, "data", relative);
    assumeTrue(
        file != null && Files.isRegularFile(file),
        "real recording " + relative + " not found (spikestream.shared.dir = " + shared + ")");
    return file;
  }

  /** Decodes a whole recording with the project's file reader. */
  static Recording load(Path file) throws IOException {
    EventBatch all = new EventBatch(1 << 16);
    EventBatch chunk = new EventBatch(1 << 14);
    try (EventReader r = EventFiles.open(file)) {
      while (r.read(chunk) > 0) {
        all.addAll(chunk);
      }
      return new Recording(all, r.geometry());
    }
  }

  /** What was read back from the topic: the events in offset order and the packets' metadata. */
  record ReadBack(EventBatch events, List<EventPacket> packets) {}

  /**
   * Reads {@code topic} from the beginning until {@code expectedEvents} events arrived or {@code
   * timeout} passed.
   */
  static ReadBack readBack(String bootstrap, String topic, long expectedEvents, Duration timeout) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    EventBatch events = new EventBatch(1 << 16);
    List<EventPacket> packets = new ArrayList<>();
    EventPacketCodec codec = new EventPacketCodec();
    EventColumns cols = new EventColumns();
    Deserializer<EventPacket> de = SpikestreamSerdes.eventPacket().deserializer();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            p,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      while (events.size() < expectedEvents && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          EventPacket packet = de.deserialize(topic, r.value());
          packets.add(packet);
          codec.decode(packet, cols, OutOfRange.REJECT);
          for (int i = 0; i < cols.size(); i++) {
            events.add(
                cols.xs()[i], cols.ys()[i], cols.polarities()[i], cols.timestampsMicros()[i]);
          }
        }
      }
    }
    return new ReadBack(events, packets);
  }
}
