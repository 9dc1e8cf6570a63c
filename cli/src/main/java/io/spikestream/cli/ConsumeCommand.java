package io.spikestream.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.json.RecordJson;
import io.spikestream.schemas.serde.AnyRecordDeserializer;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream consume}: prints the records of a topic, one line each. The single-object
 * header of each value says which record it is (EventPacket, Classification or ModelRecord), so one
 * command reads every spikestream topic. Reads all partitions without a consumer group (it commits
 * nothing); stops after {@code --count} records or when nothing arrived for {@code --timeout}.
 * Reads committed records only (records of aborted transactions, e.g. the uncommitted output of a
 * streams-app instance killed with SIGKILL, are skipped) unless {@code --read-uncommitted}.
 * Undecodable values are printed with their decoding error and reason, and reading goes on.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the records of a topic, one line per record (JSON with --json), whatever",
      "spikestream record it holds; stops after --count records or --timeout of silence."
    })
final class ConsumeCommand implements Callable<Integer> {

  /** How long to wait for the broker's metadata before saying it is unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
  String topic;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Stop after N records (default: only --timeout stops).")
  Long count;

  @Option(
      names = "--from-beginning",
      description = "Start at the earliest offsets (default: only records that arrive from now).")
  boolean fromBeginning;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Stop after D without a record, e.g. 500ms, 10s, 2m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = "--read-uncommitted",
      description = {
        "Also print records of aborted transactions. By default only committed records are",
        "read, as a downstream consumer of the exactly-once streams app sees them (a killed",
        "instance's aborted output is redone by the instance that takes over)."
      })
  boolean readUncommitted;

  @Option(
      names = "--json",
      description = "One JSON object per record: topic, partition, offset, key, type, value.")
  boolean json;

  /** Parses 500ms, 10s, 2m, 1h, a plain number of seconds, or ISO-8601 (PT10S). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static Duration parseDuration(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt")) {
        return Duration.parse(value.strip());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
      String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
      long n = Long.parseLong(number);
      return switch (unit) {
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> {
          if (!Character.isDigit(unit)) {
            throw new IllegalArgumentException("unknown unit " + unit);
          }
          yield Duration.ofSeconds(n);
        }
      };
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
    }
  }

  @Override
  public Integer call() {
    KafkaLogLevels.quiet("error");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be > 0, got " + timeout);
    }
    if (count != null && count < 1) {
      throw new IllegalArgumentException("--count must be >= 1, got " + count);
    }
    List<TopicPartition> partitions = partitions();
    PrintWriter out = spec.commandLine().getOut();
    RecordJson renderer = new RecordJson();
    AnyRecordDeserializer values = SpikestreamSerdes.anyRecord();
    long printed = 0;
    String stoppedBy;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long idleSince = System.nanoTime();
      outer:
      while (true) {
        long idleNanos = System.nanoTime() - idleSince;
        if (idleNanos >= timeout.toNanos()) {
          stoppedBy = "nothing new for " + describe(timeout);
          break;
        }
        long waitMillis =
            Math.max(
                1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos() - idleNanos)));
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(waitMillis));
        if (records.isEmpty()) {
          continue;
        }
        idleSince = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          out.println(json ? jsonLine(r, values, renderer) : textLine(r, values));
          printed++;
          if (count != null && printed >= count) {
            stoppedBy = "--count " + count + " reached";
            break outer;
          }
        }
        out.flush();
      }
    } catch (KafkaException e) {
      throw new UserException(
          "reading " + topic + " from " + bootstrap + " failed: " + e.getMessage());
    }
    out.flush();
    spec.commandLine()
        .getErr()
        .printf("consumed %d record(s) from %s (%s)%n", printed, topic, stoppedBy);
    spec.commandLine().getErr().flush();
    return 0;
  }

  private Map<String, Object> adminConfig() {
    int ms = (int) CONNECT_TIMEOUT.toMillis();
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        ms,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        ms,
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        1000L,
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        2000L,
        CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG,
        1000L);
  }

  private Map<String, Object> consumerConfig() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        fromBeginning ? "earliest" : "latest",
        ConsumerConfig.CLIENT_ID_CONFIG,
        "spikestream-consume",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readUncommitted ? "read_uncommitted" : "read_committed",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) CONNECT_TIMEOUT.toMillis(),
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        1000L,
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        2000L);
  }

  /** The topic's partitions, or a one-line error when the broker or the topic is missing. */
  private List<TopicPartition> partitions() {
    try (Admin admin = Admin.create(adminConfig())) {
      TopicDescription d =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
              .get(topic);
      List<TopicPartition> out = new ArrayList<>();
      d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new UserException("topic " + topic + " does not exist on " + bootstrap);
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable();
      }
      throw new UserException(
          "cannot describe topic " + topic + " on " + bootstrap + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw unreachable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while connecting to " + bootstrap);
    } catch (KafkaException e) {
      throw new UserException("cannot connect to Kafka at " + bootstrap + ": " + e.getMessage());
    }
  }

  private UserException unreachable() {
    return new UserException(
        "cannot reach Kafka at " + bootstrap + " within " + describe(CONNECT_TIMEOUT));
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }

  private String jsonLine(
      ConsumerRecord<byte[], byte[]> r, AnyRecordDeserializer values, RecordJson renderer) {
    ObjectNode n = renderer.objectNode();
    n.put("topic", r.topic());
    n.put("partition", r.partition());
    n.put("offset", r.offset());
    n.put("timestamp", r.timestamp());
    n.put("key", key(r));
    if (r.value() == null) {
      n.putNull("type");
      n.putNull("value");
      return renderer.write(n);
    }
    try {
      SpecificRecord value = values.deserialize(r.topic(), r.value());
      n.put("type", value.getSchema().getName());
      n.set("value", renderer.toNode(value));
    } catch (RecordDecodingException e) {
      n.putNull("type");
      n.put("valueBytes", r.value().length);
      ObjectNode err = n.putObject("error");
      err.put("reason", e.reason().name());
      err.put("message", e.getMessage());
    }
    return renderer.write(n);
  }

  private static String textLine(ConsumerRecord<byte[], byte[]> r, AnyRecordDeserializer values) {
    String where = r.topic() + "-" + r.partition() + "@" + r.offset() + " key=" + key(r) + " ";
    if (r.value() == null) {
      return where + "(tombstone)";
    }
    try {
      SpecificRecord v = values.deserialize(r.topic(), r.value());
      if (v instanceof EventPacket p) {
        return where
            + String.format(
                Locale.ROOT,
                "EventPacket sensor=%s seq=%d %dx%d events=%d base=%dus%s",
                p.getSensorId(),
                p.getSequence(),
                p.getWidth(),
                p.getHeight(),
                p.getEventCount(),
                p.getBaseTimestampMicros(),
                p.getSample() == null ? "" : " sample=" + p.getSample().getSampleId());
      }
      return where + v.getSchema().getName() + " " + v;
    } catch (RecordDecodingException e) {
      return where + "undecodable (" + r.value().length + " bytes): " + e.getMessage();
    }
  }
}
