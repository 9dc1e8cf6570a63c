package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.images.SyntheticScenes;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventWriter;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.exit.ExitKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The two training recipes end to end through the command line, on tiny emulated datasets written
 * with the dvs writers (small architecture and T, same code path as the documented commands).
 */
class TrainEvaluateCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** Class 0: ON events in the left part, class 1: OFF events in the right part. */
  private static void writeSamples(
      Path dir, int label, int count, int sensor, EventFileFormat format, Random random)
      throws IOException {
    Files.createDirectories(dir);
    String ext = format == EventFileFormat.AEDAT2 ? ".aedat" : ".bin";
    for (int i = 0; i < count; i++) {
      EventBatch batch = new EventBatch();
      int third = sensor / 3;
      int x0 = label == 0 ? random.nextInt(third) : 2 * third + random.nextInt(third - 2);
      long t = 0;
      for (int y = 0; y < sensor; y++) {
        for (int k = 0; k < 2; k++) {
          t += 40 + random.nextInt(40);
          batch.add(Math.min(sensor - 1, x0 + random.nextInt(3)), y, label == 0, t);
        }
      }
      try (EventWriter w = EventFiles.create(dir.resolve("s_" + i + ext), format)) {
        w.write(batch);
      }
    }
  }

  @Test
  void nmnistRecipeTrainsThenEvaluatesWithJsonAndReport() throws Exception {
    Path data = tmp.resolve("nmnist");
    Random random = new Random(5);
    for (int c = 0; c < 2; c++) {
      writeSamples(data.resolve("Train/" + c), c, 12, 34, EventFileFormat.NMNIST_BIN, random);
      writeSamples(data.resolve("Test/" + c), c, 4, 34, EventFileFormat.NMNIST_BIN, random);
    }
    Path model = tmp.resolve("nmnist.zip");
    int code =
        run(
            "train",
            "--data",
            data.toString(),
            "--arch",
            "c4-p2-f16",
            "--timesteps",
            "5",
            "--epochs",
            "2",
            "--batch",
            "8",
            "--lr",
            "0.05",
            "--optimizer",
            "adam",
            "--size",
            "17x17",
            "--out",
            model.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote " + model);
    assertThat(err.toString()).contains("epoch 2/2", "loss", "samples/s", "ETA");
    ModelArtifact artifact = ModelArtifacts.read(model);
    assertThat(artifact.provenance().split()).isEqualTo("folders");
    assertThat(artifact.provenance().dataSource()).isEqualTo(data.toString());

    out.getBuffer().setLength(0);
    Path report = tmp.resolve("report");
    code =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            data.toString(),
            "--json",
            "--per-sample",
            "--report",
            report.toString(),
            "--cache",
            tmp.resolve("cache").toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.get("samples").asInt()).isEqualTo(8);
    assertThat(j.at("/exit/none/meanTimesteps").asDouble()).isEqualTo(5.0);
    assertThat(j.at("/exit/bntt/exitStep").asInt()).isEqualTo(artifact.bnttExit().exitStep());
    assertThat(j.at("/exit/confidence/accuracy").isNumber()).isTrue();
    assertThat(j.at("/energy/annJoules").asDouble()).isPositive();
    assertThat(j.at("/energy/snnJoules").isNumber()).isTrue();
    assertThat(j.get("perSample")).hasSize(8);
    assertThat(j.get("perSample").get(0).has("exitStep")).isTrue();
    assertThat(report.resolve("report.html")).exists();
    assertThat(report.resolve("evaluation.json")).exists();
    try (var cached = Files.list(tmp.resolve("cache"))) {
      assertThat(cached).hasSize(1);
    }
  }

  @Test
  void cifar10DvsRecipeScalesDownAndSplitsNineToOne() throws Exception {
    Path data = tmp.resolve("cifar");
    Random random = new Random(6);
    writeSamples(data.resolve("airplane"), 0, 10, 128, EventFileFormat.AEDAT2, random);
    writeSamples(data.resolve("automobile"), 1, 10, 128, EventFileFormat.AEDAT2, random);
    Path model = tmp.resolve("cifar");
    int code =
        run(
            "train",
            "--data",
            data.toString(),
            "--arch",
            "c4-p4-f8",
            "--size",
            "48x48",
            "--timesteps",
            "4",
            "--split",
            "9:1",
            "--epochs",
            "1",
            "--batch",
            "6",
            "--out",
            model.resolve("model").toString());
    assertThat(code).as(err.toString()).isZero();
    ModelArtifact artifact = ModelArtifacts.read(model.resolve("model"));
    assertThat(artifact.binning().height()).isEqualTo(48);
    assertThat(artifact.classNames()).containsExactly("airplane", "automobile");
    assertThat(artifact.provenance().split()).isEqualTo("9:1");
    assertThat(artifact.provenance().metrics().get("trainSamples")).isEqualTo(18.0);
    assertThat(artifact.provenance().metrics().get("testSamples")).isEqualTo(2.0);

    out.getBuffer().setLength(0);
    code = run("evaluate", "--model", model.resolve("model").toString(), "--data", data.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 samples", "test (9:1)", "BNTT exit", "confidence exit");
  }

  @Test
  void unlabelledEmptyAndTopicDataAreOneLineErrors() throws Exception {
    Path loose = Files.createDirectories(tmp.resolve("loose"));
    writeSamples(loose, 0, 1, 34, EventFileFormat.NMNIST_BIN, new Random(1));
    String[] common = {"--arch", "c4-f8", "--epochs", "1", "--out", tmp.resolve("m").toString()};
    assertThat(run(concat(new String[] {"train", "--data", loose.toString()}, common)))
        .isEqualTo(1);
    assertThat(err.toString()).contains("unlabelled dataset").doesNotContain("Exception");
    err.getBuffer().setLength(0);
    Path empty = Files.createDirectories(tmp.resolve("empty/cat"));
    assertThat(run(concat(new String[] {"train", "--data", empty.getParent().toString()}, common)))
        .isEqualTo(1);
    assertThat(err.toString()).contains("empty dataset").doesNotContain("Exception");
    err.getBuffer().setLength(0);
    assertThat(run(concat(new String[] {"train", "--topic", "dvs.events"}, common))).isEqualTo(1);
    assertThat(err.toString()).contains("--topic needs --bootstrap").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(
            run(
                concat(
                    new String[] {"train", "--data", loose.toString(), "--size", "4by4"}, common)))
        .isEqualTo(1);
    assertThat(err.toString()).contains("'4by4'");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void syntheticScenesTrainWithTheirClassNamesAndTheChosenExitPolicy() throws Exception {
    Path data = tmp.resolve("synthetic");
    int code =
        run(
            "emulate",
            "--synthetic",
            "40",
            "--profile",
            "nmnist",
            "--seed",
            "3",
            "--out",
            data.toString());
    assertThat(code).as(err.toString()).isZero();
    Path model = tmp.resolve("synthetic.zip");
    code =
        run(
            "train",
            "--data",
            data.toString(),
            "--arch",
            "c4-p4-f16",
            "--timesteps",
            "3",
            "--epochs",
            "1",
            "--batch",
            "8",
            "--exit-policy",
            "confidence",
            "--out",
            model.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("exit policy confidence");
    ModelArtifact artifact = ModelArtifacts.read(model);
    assertThat(artifact.classNames()).isEqualTo(SyntheticScenes.CLASSES);
    assertThat(artifact.exitPolicy()).isEqualTo(ExitKind.CONFIDENCE);

    code =
        run(
            "train",
            "--data",
            data.toString(),
            "--arch",
            "c4-p4-f16",
            "--epochs",
            "1",
            "--exit-policy",
            "sometimes",
            "--out",
            tmp.resolve("bad.zip").toString());
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--exit-policy must be bntt, confidence or none");
  }
}
