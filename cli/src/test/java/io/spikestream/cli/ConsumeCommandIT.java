package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.testsupport.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs {@code spikestream consume} in-process against the in-process broker. */
class ConsumeCommandIT {

  private static TestKafka broker;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    KafkaLogLevels.quiet("warn");
    broker = TestKafka.start();
    broker.createTopic("mixed", 2);
    broker.createTopic("empty", 1);
    broker.createTopic("transactional", 1);
    EventPacket packet =
        new EventPacketCodec()
            .encode(
                "cam-7",
                4,
                34,
                34,
                new int[] {1, 2, 3},
                new int[] {4, 5, 6},
                new boolean[] {true, false, true},
                new long[] {100, 105, 103},
                0,
                3,
                null);
    Classification c =
        Classification.newBuilder()
            .setSensorId("cam-7")
            .setWindowStartMicros(100)
            .setPredictedClass(2)
            .setPredictedName("bird")
            .setScores(List.of(0.1f, 0.2f, 0.7f))
            .setExitStep(4)
            .setTimesteps(10)
            .setExitReason(ExitReason.CONFIDENCE)
            .setModelName("m")
            .setModelVersion(1)
            .build();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.send(
              new ProducerRecord<>(
                  "mixed", 0, "cam-7", SpikestreamSerdes.eventPacket().serialize("mixed", packet)))
          .get();
      p.send(
              new ProducerRecord<>(
                  "mixed", 0, "cam-7", SpikestreamSerdes.classification().serialize("mixed", c)))
          .get();
      p.send(new ProducerRecord<>("mixed", 1, "junk", "not avro".getBytes())).get();
    }
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** The JSON lines a run printed. */
  private static List<JsonNode> jsonLines(CliRun r) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(MAPPER.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void printsEveryRecordKindAndUndecodableValuesAsJsonLines() throws IOException {
    CliRun r =
        CliRun.of(
            "consume",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            "mixed",
            "--from-beginning",
            "--count",
            "3",
            "--timeout",
            "20s",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> lines = jsonLines(r);
    assertThat(lines).hasSize(3);
    JsonNode packet =
        lines.stream()
            .filter(n -> "EventPacket".equals(n.get("type").asText(null)))
            .findFirst()
            .orElseThrow();
    assertThat(packet.get("key").asText()).isEqualTo("cam-7");
    assertThat(packet.get("partition").asInt()).isZero();
    assertThat(packet.get("offset").asLong()).isZero();
    assertThat(packet.get("value").get("events").get("t").toString()).isEqualTo("[100,105,103]");
    assertThat(packet.get("value").get("sequence").asLong()).isEqualTo(4);

    JsonNode classification =
        lines.stream()
            .filter(n -> "Classification".equals(n.get("type").asText(null)))
            .findFirst()
            .orElseThrow();
    assertThat(classification.get("offset").asLong()).isEqualTo(1);
    assertThat(classification.get("value").get("predictedName").asText()).isEqualTo("bird");

    JsonNode junk = lines.stream().filter(n -> n.has("error")).findFirst().orElseThrow();
    assertThat(junk.get("partition").asInt()).isEqualTo(1);
    assertThat(junk.get("error").get("reason").asText()).isEqualTo("BAD_MAGIC");
    assertThat(r.err()).contains("consumed 3 record(s) from mixed (--count 3 reached)");
  }

  @Test
  void recordsOfAnAbortedTransactionAreSkippedUnlessAskedFor() throws Exception {
    // as a streams-app instance killed mid-transaction leaves them: written, then aborted
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "consume-it"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.initTransactions();
      for (String value : new String[] {"aborted", "committed"}) {
        p.beginTransaction();
        p.send(new ProducerRecord<>("transactional", value, value.getBytes())).get();
        if (value.equals("aborted")) {
          p.abortTransaction();
        } else {
          p.commitTransaction();
        }
      }
    }
    String[] args = {
      "consume",
      "--bootstrap",
      broker.bootstrapServers(),
      "--topic",
      "transactional",
      "--from-beginning",
      "--timeout",
      "2s",
      "--json"
    };
    CliRun committed = CliRun.of(args);
    assertThat(committed.exitCode()).as(committed.err()).isZero();
    assertThat(jsonLines(committed))
        .extracting(n -> n.get("key").asText())
        .containsExactly("committed");

    String[] uncommitted = java.util.Arrays.copyOf(args, args.length + 1);
    uncommitted[args.length] = "--read-uncommitted";
    CliRun all = CliRun.of(uncommitted);
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(jsonLines(all))
        .extracting(n -> n.get("key").asText())
        .containsExactly("aborted", "committed");
  }

  @Test
  void stopsWhenIdle() {
    CliRun r =
        CliRun.of(
            "consume",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            "empty",
            "--from-beginning",
            "--timeout",
            "1s",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("consumed 0 record(s) from empty (nothing new for 1 s)");
  }

  @Test
  void withoutFromBeginningOnlyNewRecordsCount() {
    CliRun r =
        CliRun.of(
            "consume",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            "mixed",
            "--timeout",
            "1s");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMissingTopicIsOneClearLine() {
    CliRun r =
        CliRun.of("consume", "--bootstrap", broker.bootstrapServers(), "--topic", "nope", "--json");
    assertThat(r.exitCode()).isEqualTo(CliErrors.USER_ERROR);
    assertThat(r.err().strip())
        .isEqualTo("error: topic nope does not exist on " + broker.bootstrapServers());
  }

  @Test
  void anUnreachableBrokerIsOneClearLine() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r =
        CliRun.of("consume", "--bootstrap", "localhost:" + port, "--topic", "mixed", "--json");
    assertThat(r.exitCode()).isEqualTo(CliErrors.USER_ERROR);
    assertThat(r.err()).startsWith("error: cannot reach Kafka at localhost:" + port);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aBadTimeoutIsRejected() {
    CliRun r =
        CliRun.of(
            "consume",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            "mixed",
            "--timeout",
            "soon");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("'soon' is not a duration");
  }
}
