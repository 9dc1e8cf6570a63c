package io.spikestream.streams.dashboard;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link DashboardState} from Kafka with two plain consumers of its own, outside the
 * topology's hot path: {@code dvs.events} from the end (live frames) and {@code
 * snn.classifications} with {@code read_committed} (the app writes it with exactly_once_v2) from at
 * most {@link #CLASSIFICATION_HISTORY} records before the end of each partition, so the running
 * accuracy includes what happened before the page was opened. No consumer group (partitions are
 * assigned, nothing is committed); every partition of each topic is read. Records that cannot be
 * decoded are counted and skipped.
 */
public final class DashboardFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

  /** Classifications read back per partition when the feed starts. */
  public static final long CLASSIFICATION_HISTORY = 10_000;

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> events;
  private final KafkaConsumer<byte[], byte[]> classifications;
  private final Thread eventsThread;
  private final Thread classificationsThread;
  private volatile boolean running = true;

  /**
   * Starts both consumers.
   *
   * @param bootstrapServers Kafka bootstrap servers
   * @param eventsTopic the topic of {@code EventPacket}s
   * @param classificationsTopic the topic of {@code Classification}s
   */
  public DashboardFeed(
      String bootstrapServers,
      String eventsTopic,
      String classificationsTopic,
      DashboardState state) {
    events = new KafkaConsumer<>(properties(bootstrapServers, "events", "read_uncommitted"));
    classifications =
        new KafkaConsumer<>(properties(bootstrapServers, "classifications", "read_committed"));
    Deserializer<EventPacket> packets = SpikestreamSerdes.eventPacket().deserializer();
    EventPacketCodec codec = new EventPacketCodec();
    EventColumns columns = new EventColumns();
    eventsThread =
        thread(
            "spikestream-dashboard-events",
            events,
            eventsTopic,
            false,
            r -> {
              try {
                EventPacket p = packets.deserialize(r.topic(), r.value());
                codec.decode(p, columns, OutOfRange.DROP);
                state.onEvents(
                    p.getSensorId(),
                    p.getWidth(),
                    p.getHeight(),
                    columns.xs(),
                    columns.ys(),
                    columns.polarities(),
                    columns.timestampsMicros(),
                    columns.size(),
                    p.getSample());
              } catch (RuntimeException bad) {
                state.onUndecodable();
              }
            });
    Deserializer<Classification> decisions = SpikestreamSerdes.classification().deserializer();
    classificationsThread =
        thread(
            "spikestream-dashboard-classifications",
            classifications,
            classificationsTopic,
            true,
            r -> {
              try {
                state.onClassification(decisions.deserialize(r.topic(), r.value()));
              } catch (RuntimeException bad) {
                LOG.debug("undecodable classification at offset {}", r.offset(), bad);
              }
            });
    eventsThread.start();
    classificationsThread.start();
  }

  private static Properties properties(String bootstrap, String what, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spikestream-dashboard-" + what);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toLowerCase(Locale.ROOT));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private Thread thread(
      String name,
      KafkaConsumer<byte[], byte[]> consumer,
      String topic,
      boolean withHistory,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    Thread t =
        new Thread(
            () -> {
              try (consumer) {
                assign(consumer, topic, withHistory);
                while (running) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    handler.accept(r);
                  }
                }
              } catch (WakeupException | InterruptException stop) {
                // close() asked us to stop
              } catch (KafkaException e) {
                if (running) {
                  LOG.warn("dashboard feed of {} stopped: {}", topic, e.getMessage());
                }
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  /** Assigns every partition (waiting for the topic's metadata) at the end or before it. */
  private void assign(KafkaConsumer<byte[], byte[]> consumer, String topic, boolean history) {
    List<PartitionInfo> infos = List.of();
    while (running && infos.isEmpty()) {
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
        infos = null; // broker not reachable yet: try again
      }
      if (infos == null) {
        infos = List.of();
      }
    }
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo i : infos) {
      parts.add(new TopicPartition(topic, i.partition()));
    }
    consumer.assign(parts);
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts);
    for (TopicPartition tp : parts) {
      long end = ends.getOrDefault(tp, 0L);
      long from =
          history ? Math.max(begins.getOrDefault(tp, 0L), end - CLASSIFICATION_HISTORY) : end;
      consumer.seek(tp, from);
    }
  }

  /** Stops both consumers and waits for their threads. */
  @Override
  public void close() {
    running = false;
    events.wakeup();
    classifications.wakeup();
    try {
      eventsThread.join(5_000);
      classificationsThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
