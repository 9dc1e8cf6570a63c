package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code spikestream demo --duration D --json} end to end in this JVM: broker, emulated cameras,
 * the streams app with the built-in demo model; the summary comes from the classifications read
 * back with read_committed.
 */
class DemoCommandIT {

  @Test
  void headlessRunClassifiesEverySampleOnceAccuratelyAndEarly() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("demo", "--duration", "12s", "--cameras", "3", "--json");

    assertThat(code).as("exit code; stderr:%n%s", err).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).as("stdout holds exactly one JSON object").hasSize(1);
    JsonNode j = new ObjectMapper().readTree(lines[0]);
    assertThat(j.get("cameras").asInt()).isEqualTo(3);
    long sent = j.get("samplesSent").asLong();
    // 3 cameras × 12 s / 0.306 s per sample ≈ 117; a loaded machine sends fewer
    assertThat(sent).isGreaterThan(20);
    // every sample sent is classified (none lost), none twice (exactly_once_v2, read_committed);
    // samplesSent counts broker acknowledgements, so allow one sample per camera in flight
    long classified = j.get("classifications").asLong();
    assertThat(classified).isBetween(sent, sent + 3);
    assertThat(j.get("duplicateClassifications").asLong()).isZero();
    assertThat(j.get("labelled").asLong()).isEqualTo(classified);
    assertThat(j.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    int t = j.get("timesteps").asInt();
    assertThat(t).isEqualTo(10);
    assertThat(j.get("meanExitTimestep").asDouble()).isBetween(1.0, t - 1.0);
    long histogramTotal = 0;
    for (JsonNode h : j.get("exitHistogram")) {
      histogramTotal += h.asLong();
    }
    assertThat(histogramTotal).isEqualTo(classified);
    assertThat(j.get("exitReasons").get("CONFIDENCE").asLong()).isPositive();
    assertThat(j.get("eventsPerSecond").asLong()).isPositive();
    assertThat(j.get("eventsSent").asLong()).isPositive();
    assertThat(j.get("p99LatencyMillis").asDouble())
        .isGreaterThanOrEqualTo(j.get("p50LatencyMillis").asDouble());
    assertThat(j.get("dlqRecords").asLong()).isZero();
    assertThat(j.get("p99SensorToDecisionMillis").asDouble())
        .isGreaterThanOrEqualTo(j.get("p50SensorToDecisionMillis").asDouble())
        .isPositive();
    assertThat(err.toString()).contains("dashboard: http://127.0.0.1:");
  }
}
