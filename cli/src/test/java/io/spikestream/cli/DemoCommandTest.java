package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's argument checks, which fail in one line before any broker starts. */
class DemoCommandTest {

  @Test
  void otherImagesNeedAMatchingModel() {
    CliRun r = CliRun.of("demo", "--images", "fashion-mnist", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip().lines().filter(l -> l.startsWith("error:")))
        .singleElement()
        .asString()
        .contains("needs a model trained on those images (--model FILE)");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badCountsAndPortsAreRefusedByName() {
    assertThat(CliRun.of("demo", "--cameras", "0").err())
        .contains("--cameras must be in 1..64, got 0");
    assertThat(CliRun.of("demo", "--http-port", "70000").err())
        .contains("--http-port must be in 0..65535, got 70000");
    assertThat(CliRun.of("demo", "--duration", "0s").err()).contains("--duration must be positive");
  }

  @Test
  void aBusyDashboardPortFailsBeforeAnythingStarts() throws Exception {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliRun r = CliRun.of("demo", "--http-port", Integer.toString(busy.getLocalPort()));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .contains("cannot serve the dashboard on 127.0.0.1:" + busy.getLocalPort())
          .contains("choose another --http-port, or 0 for a free one")
          .doesNotContain("starting an in-process Kafka broker");
    }
  }

  @Test
  void aMissingModelFileIsOneLine() {
    CliRun r = CliRun.of("demo", "--model", "/nonexistent/model.zip", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("model file not found: /nonexistent/model.zip");
  }
}
