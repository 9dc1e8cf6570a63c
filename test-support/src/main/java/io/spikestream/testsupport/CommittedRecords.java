package io.spikestream.testsupport;

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

/**
 * Reads what an exactly-once application committed to a topic, as its downstream consumers see it
 * ({@code read_committed}, from the beginning, a fresh group): the check behind the ITs' "each
 * result exactly once".
 */
public final class CommittedRecords {

  private CommittedRecords() {}

  /**
   * Reads the values of {@code topic} until {@code count} arrived or {@code timeout} passed, then
   * for {@code settle} more, so duplicates that follow the expected count are seen too.
   *
   * @return the values in arrival order (possibly fewer or more than {@code count})
   */
  public static <V> List<V> read(
      String bootstrapServers,
      String topic,
      Deserializer<V> values,
      int count,
      Duration timeout,
      Duration settle) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "committed-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      long extra = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, extra)) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
        if (out.size() >= count && extra == Long.MAX_VALUE) {
          extra = System.nanoTime() + settle.toNanos();
        }
      }
    }
    return out;
  }
}
