package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.artifact.NpyArray;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spikestream predict} in-process on the interop fixture: the model and recording of {@code
 * shared/interop}; the expected logits are the fixture's {@code expected_logits.npy}.
 */
class PredictCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static Path interop() {
    String dir = System.getProperty("spikestream.shared.dir");
    Path p = dir == null ? null : Path.of(dir, "interop");
    assumeTrue(p != null && Files.isDirectory(p), "interop fixture not found: skipping");
    assumeTrue(
        Files.isRegularFile(p.resolve("../data/nmnist_bs2/slayer_train_2_digit0.bs2")),
        "interop recording not found: skipping");
    return p;
  }

  private static double[][] expectedLogits(Path interop) throws Exception {
    try (InputStream in = Files.newInputStream(interop.resolve("expected_logits.npy"))) {
      NpyArray a = NpyArray.read(in, "expected_logits.npy");
      int t = a.shape()[0];
      int c = a.shape()[1];
      double[][] l = new double[t][c];
      for (int i = 0; i < t; i++) {
        System.arraycopy(a.values(), i * c, l[i], 0, c);
      }
      return l;
    }
  }

  @Test
  void predictsTheFixtureLogitsWithoutExit() throws Exception {
    Path interop = interop();
    Path recording = interop.resolve("../data/nmnist_bs2/slayer_train_2_digit0.bs2");
    // The artifact as a zip, to go through that reader too.
    Path zip = tmp.resolve("model.zip");
    ModelArtifacts.writeZip(ModelArtifacts.read(interop.resolve("model")), zip);
    assertThat(run("predict", "--model", zip.toString(), "--json", recording.toString()))
        .as(err.toString())
        .isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString().strip());
    double[] last = expectedLogits(interop)[5];
    int best = 0;
    for (int c = 1; c < last.length; c++) {
      best = last[c] > last[best] ? c : best;
    }
    assertThat(j.get("exitPolicy").asText()).isEqualTo("NONE");
    assertThat(j.get("exitStep").asInt()).isEqualTo(5);
    assertThat(j.get("timesteps").asInt()).isEqualTo(6);
    assertThat(j.get("predictedClass").asInt()).isEqualTo(best);
    assertThat(j.get("className").asText()).isEqualTo(Integer.toString(best));
    for (int c = 0; c < last.length; c++) {
      assertThat(j.get("logits").get(c).asDouble()).isCloseTo(last[c], within(1e-5));
    }
    double sum = 0;
    for (JsonNode s : j.get("scores")) {
      sum += s.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void bnttExitStopsAtTheCalibratedStep() throws Exception {
    Path interop = interop();
    Path recording = interop.resolve("../data/nmnist_bs2/slayer_train_2_digit0.bs2");
    int exitStep = ModelArtifacts.read(interop.resolve("model")).bnttExit().exitStep();
    assertThat(
            run(
                "predict",
                "--model",
                interop.resolve("model").toString(),
                "--exit",
                "BNTT",
                recording.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("exit:       BNTT after step " + exitStep + " (" + (exitStep + 1) + " of 6");
  }

  @Test
  void missingModelIsOneLineError() {
    assertThat(
            run(
                "predict",
                "--model",
                tmp.resolve("nope").toString(),
                tmp.resolve("x.bs2").toString()))
        .isNotZero();
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("nope");
  }
}
