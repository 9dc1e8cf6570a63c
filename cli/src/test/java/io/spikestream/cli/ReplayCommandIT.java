package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.testsupport.TestKafka;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code spikestream replay} in-process against the in-process broker. */
class ReplayCommandIT {

  private static TestKafka broker;

  @BeforeAll
  static void start() {
    KafkaLogLevels.quiet("warn");
    broker = TestKafka.start();
    broker.createTopic("dvs.events", 1);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A tiny AEDAT 2.0 file of {@code n} events (jAER DVS128 addresses, big-endian). */
  private static Path recording(Path dir, int n) throws IOException {
    Path f = dir.resolve("tiny.aedat");
    try (OutputStream os = Files.newOutputStream(f);
        DataOutputStream out = new DataOutputStream(os)) {
      out.write("#!AER-DAT2.0\r\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < n; i++) {
        int x = i % 128;
        int y = (i / 128) % 128;
        out.writeInt(((127 - x) << 1) | (y << 8) | (i & 1));
        out.writeInt(1000 + 10 * i);
      }
    }
    return f;
  }

  @Test
  void replaysAFileAndSummarises(@TempDir Path dir) throws IOException {
    Path f = recording(dir, 5000);
    CliRun r =
        CliRun.of(
            "replay",
            f.toString(),
            "--bootstrap",
            broker.bootstrapServers(),
            "--speed",
            "max",
            "--packet-events",
            "1000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("sent 1/1 samples, 5,000 events in 5 packets");
  }

  @Test
  void missingTopicIsOneLineAndNonZero(@TempDir Path dir) throws IOException {
    Path f = recording(dir, 10);
    CliRun r =
        CliRun.of(
            "replay", f.toString(), "--bootstrap", broker.bootstrapServers(), "--topic", "absent");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: topic 'absent' does not exist")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void unreachableBrokerIsOneLineAndNonZero(@TempDir Path dir) throws IOException {
    Path f = recording(dir, 10);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r = CliRun.of("replay", f.toString(), "--bootstrap", "127.0.0.1:" + port);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: cannot reach Kafka at 127.0.0.1:" + port)
        .hasLineCount(1);
  }

  @Test
  void badArgumentsAreRejected(@TempDir Path dir) throws IOException {
    Path f = recording(dir, 10);
    CliRun speed =
        CliRun.of(
            "replay", f.toString(), "--bootstrap", broker.bootstrapServers(), "--speed", "fast");
    assertThat(speed.exitCode()).isEqualTo(1);
    assertThat(speed.err()).contains("speed must be 'max' or a positive number, got 'fast'");
    CliRun split =
        CliRun.of(
            "replay", f.toString(), "--bootstrap", broker.bootstrapServers(), "--split", "dev");
    assertThat(split.err()).contains("split must be train, test or all, got 'dev'");
    CliRun missing =
        CliRun.of("replay", dir.resolve("nope.aedat").toString(), "--bootstrap", "x:1");
    assertThat(missing.err()).contains("does not exist");
  }
}
