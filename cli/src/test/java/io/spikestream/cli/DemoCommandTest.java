package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo's argument checks, which fail in one line before any broker starts. */
class DemoCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void otherImagesNeedAMatchingModel() {
    Result r = run("demo", "--images", "fashion-mnist", "--duration", "1s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines().filter(l -> l.startsWith("error:")))
        .singleElement()
        .asString()
        .contains("needs a model trained on those images (--model FILE)");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badCountsAndPortsAreRefusedByName() {
    assertThat(run("demo", "--cameras", "0").err()).contains("--cameras must be in 1..64, got 0");
    assertThat(run("demo", "--http-port", "70000").err())
        .contains("--http-port must be in 0..65535, got 70000");
    assertThat(run("demo", "--duration", "0s").err()).contains("--duration must be positive");
  }

  @Test
  void aBusyDashboardPortFailsBeforeAnythingStarts() throws Exception {
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Result r = run("demo", "--http-port", Integer.toString(busy.getLocalPort()));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains("cannot serve the dashboard on 127.0.0.1:" + busy.getLocalPort())
          .contains("choose another --http-port, or 0 for a free one")
          .doesNotContain("starting an in-process Kafka broker");
    }
  }

  @Test
  void aMissingModelFileIsOneLine() {
    Result r = run("demo", "--model", "/nonexistent/model.zip", "--duration", "1s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model file not found: /nonexistent/model.zip");
  }
}
