package io.spikestream.kafka.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates a single-replica topic and waits until every partition has a leader, so that a producer
 * or a Kafka Streams app started right after finds the topic usable. One rule for the in-process
 * broker ({@link LocalKafkaBroker}) and the container broker of the integration tests.
 */
public final class TopicCreation {

  private static final long POLL_MILLIS = 20;

  private TopicCreation() {}

  /**
   * Creates topic {@code name} with {@code partitions} partitions, one replica and {@code configs}
   * unless it exists, then waits for its leaders.
   *
   * @param timeout bound of each admin call and of the wait for leaders
   * @return true when this call created the topic, false when it existed
   * @throws IllegalStateException when the broker refuses the topic or the wait times out
   */
  public static boolean createIfAbsent(
      Admin admin, String name, int partitions, Map<String, String> configs, Duration timeout) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, got '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    long millis = timeout.toMillis();
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(Map.copyOf(configs));
    boolean created = true;
    try {
      admin.createTopics(List.of(topic)).all().get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
      }
      created = false;
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic '" + name + "' timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
    }
    awaitLeaders(admin, name, millis);
    return created;
  }

  private static void awaitLeaders(Admin admin, String name, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      try {
        TopicDescription d =
            admin
                .describeTopics(List.of(name))
                .topicNameValues()
                .get(name)
                .get(millis, TimeUnit.MILLISECONDS);
        if (d.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException(
              "cannot describe topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("describing topic '" + name + "' timed out", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic '" + name + "'", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic '" + name + "' has no leader after creation");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic '" + name + "'", e);
      }
    }
  }
}
