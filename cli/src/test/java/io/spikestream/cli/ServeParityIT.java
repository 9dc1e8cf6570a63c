package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import io.spikestream.testsupport.CommittedRecords;
import io.spikestream.testsupport.TestKafka;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's parity check through the user-facing commands: a dataset made by {@code emulate},
 * classified by {@code evaluate --per-sample} and, on the in-process broker, by the streams app fed
 * by {@code replay}: for every sample the same predicted class and the same exit step, each sample
 * exactly once (read_committed). Uses the shipped demo model, whose exit policy is the confidence
 * exit, so the early-exit path is what is compared.
 */
class ServeParityIT {

  private static TestKafka broker;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    KafkaLogLevels.quiet("warn");
    broker = TestKafka.start();
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** predicted class and exit step by sample id, from {@code evaluate --per-sample --json}. */
  private static Map<String, String> evaluate(Path model, Path data, String split)
      throws Exception {
    CliRun r =
        CliRun.of(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--split",
            split,
            "--per-sample",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode s : new ObjectMapper().readTree(r.out()).get("perSample")) {
      out.put(s.get("id").asText(), s.get("predicted").asInt() + "@" + s.get("exitStep").asInt());
    }
    return out;
  }

  @Test
  void theStreamClassifiesEverySampleAsEvaluatePerSampleDoes() throws Exception {
    Path data = dir.resolve("scenes");
    CliRun emulated =
        CliRun.of(
            "emulate",
            "--synthetic",
            "100",
            "--profile",
            "nmnist",
            "--seed",
            "77",
            "--out",
            data.toString());
    assertThat(emulated.exitCode()).as(emulated.err()).isZero();
    Path model = dir.resolve("demo-model.zip");
    try (InputStream in =
        ServeParityIT.class.getResourceAsStream("/io/spikestream/cli/demo/demo-model.zip")) {
      assertThat(in).as("the demo model resource").isNotNull();
      Files.write(model, in.readAllBytes());
    }
    Map<String, String> expected = evaluate(model, data, "train");
    expected.putAll(evaluate(model, data, "test"));
    // 10 scenes per class: 9 train and 1 test each (a class of 6 would have no test sample)
    assertThat(expected).hasSize(100);

    Topics topics = Topics.defaults();
    broker.createTopic(topics.events().name(), 2);
    broker.createTopic(topics.eventsDlq().name(), 1);
    broker.createTopic(topics.classifications().name(), 2);
    broker.createTopic(topics.models().name(), 1, Map.of("cleanup.policy", "compact"));
    AppConfig config =
        new AppConfig(
            "parity-cli",
            broker.bootstrapServers(),
            topics,
            model,
            dir.resolve("state"),
            0,
            "localhost",
            Duration.ofMillis(200),
            Duration.ofSeconds(60),
            AppConfig.DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
            Duration.ofMillis(100));
    Map<String, String> streamed = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    try (StreamsApp app = StreamsApp.start(config, new Properties())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      CliRun replay =
          CliRun.of(
              "replay",
              "--bootstrap",
              broker.bootstrapServers(),
              "--speed",
              "max",
              "--sensor-id",
              "parity-cam",
              data.toString());
      assertThat(replay.exitCode()).as(replay.err()).isZero();
      for (Classification c : readCommitted(topics, expected.size())) {
        String value = c.getPredictedClass() + "@" + c.getExitStep();
        if (streamed.put(c.getSampleId(), value) != null) {
          duplicates.add(c.getSampleId());
        }
      }
    }
    assertThat(duplicates).as("samples classified more than once").isEmpty();
    assertThat(streamed).isEqualTo(expected);
  }

  /** Reads committed classifications until {@code count} arrived (or 90 s), then 1 s more. */
  private static List<Classification> readCommitted(Topics topics, int count) {
    return CommittedRecords.read(
        broker.bootstrapServers(),
        topics.classifications().name(),
        SpikestreamSerdes.classification().deserializer(),
        count,
        Duration.ofSeconds(90),
        Duration.ofSeconds(1));
  }
}
