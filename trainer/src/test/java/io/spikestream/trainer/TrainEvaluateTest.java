package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.train.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The N-MNIST recipe's code path (split folders, 34×34, T frames) on a tiny emulated dataset. */
class TrainEvaluateTest {

  @TempDir static Path dir;

  static Datasets.Splits folder;
  static FrameDataset train;
  static FrameDataset test;
  static TrainConfig config =
      new TrainConfig(
          "c4-p2-f16", 6, 3, 8, 0.05, OptimizerKind.ADAM, 7L, 17, 17, FrameValue.COUNT, 2);

  @BeforeAll
  static void data() throws IOException {
    TinyDatasets.splitFolders(dir.resolve("data"), 16, 6, 11);
    folder = Datasets.open(dir.resolve("data"), SplitRule.NINE_TO_ONE);
    train = FrameDataset.bin(folder.train().samples(), config.binning(), 2, null);
    test = FrameDataset.bin(folder.test().samples(), config.binning(), 2, null);
  }

  private static TrainJob.Source source() {
    return new TrainJob.Source(
        folder.train().root().toString(), folder.splitLabel(), folder.classNames());
  }

  @Test
  void trainsWritesArtifactAndEvaluatesConsistently() throws IOException {
    Path out = dir.resolve("model.zip");
    TrainJob.Result result = TrainJob.run(config, train, test, source(), out, null, null);
    assertThat(result.curves()).hasSize(3);
    assertThat(Files.isDirectory(TrainJob.checkpointPath(out))).isTrue();

    ModelArtifact artifact = ModelArtifacts.read(out);
    assertThat(artifact.exitPolicy()).isEqualTo(ExitKind.BNTT);
    assertThat(artifact.bnttExit())
        .isEqualTo(BnttExit.calibrate(artifact.parameters(), BnttExit.DEFAULT_GAMMA_THRESHOLD));
    assertThat(artifact.binning()).isEqualTo(config.binning());
    assertThat(artifact.classNames()).containsExactly("0", "1");
    assertThat(artifact.provenance().split()).isEqualTo("folders");
    assertThat(artifact.provenance().seed()).isEqualTo(7L);
    assertThat(artifact.provenance().epochs()).isEqualTo(3);
    assertThat(artifact.provenance().createdTime()).isNotBlank();
    assertThat(EpochMetrics.fromMetrics(artifact.provenance().metrics()))
        .extracting(EpochMetrics::epoch)
        .containsExactly(0, 1, 2);
    // a separable toy problem: the network learns it
    assertThat(artifact.provenance().metrics().get("testAccuracy")).isGreaterThanOrEqualTo(0.75);

    Evaluation e = Evaluator.evaluate(artifact, test, out.toString(), "data", "folders", 2, null);
    JsonNode json = new ObjectMapper().readTree(EvaluationJson.render(e, true));
    for (String key :
        List.of("accuracy", "samples", "spikeRate", "perSample", "confusion", "accuracyAtStep")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.at("/samples").asInt()).isEqualTo(12);
    assertThat(json.at("/exit/none/meanTimesteps").asDouble()).isEqualTo(6.0);
    int bnttStep = artifact.bnttExit().exitStep();
    assertThat(json.at("/exit/bntt/exitStep").asInt()).isEqualTo(bnttStep);
    assertThat(json.at("/exit/bntt/meanTimesteps").asDouble()).isEqualTo(bnttStep + 1.0);
    assertThat(json.at("/exit/confidence/meanTimesteps").asDouble()).isBetween(1.0, 6.0);
    assertThat(json.at("/energy/annJoules").asDouble()).isPositive();
    assertThat(json.at("/energy/snnJoules").isNumber()).isTrue();
    // accuracy at the last step is the no-exit accuracy, at the BNTT step the BNTT accuracy
    assertThat(json.at("/accuracyAtStep/5").asDouble())
        .isEqualTo(json.at("/exit/none/accuracy").asDouble());
    assertThat(json.at("/accuracyAtStep/" + bnttStep).asDouble())
        .isEqualTo(json.at("/exit/bntt/accuracy").asDouble());
    // per sample: BNTT policy → every sample exits at the calibrated step; counts agree
    JsonNode per = json.get("perSample");
    assertThat(per).hasSize(12);
    int correct = 0;
    long diagonal = 0;
    for (JsonNode s : per) {
      assertThat(s.get("exitStep").asInt()).isEqualTo(bnttStep);
      correct += s.get("label").asInt() == s.get("predicted").asInt() ? 1 : 0;
    }
    for (int c = 0; c < 2; c++) {
      diagonal += json.at("/confusion/" + c + "/" + c).asLong();
    }
    assertThat(json.at("/accuracy").asDouble()).isCloseTo(correct / 12.0, within(1e-12));
    assertThat(diagonal).isEqualTo(correct);
    assertThat(json.at("/exit/bntt/accuracy").asDouble())
        .isEqualTo(json.at("/accuracy").asDouble());
    // spike rates are fractions
    json.get("spikeRate")
        .forEach(layer -> layer.forEach(v -> assertThat(v.asDouble()).isBetween(0.0, 1.0)));

    Path html = HtmlReport.write(e, dir.resolve("report"));
    String text = Files.readString(html);
    assertThat(text).contains("<svg", "γ heat map", "Training curves", "Accuracy versus exit step");
    assertThat(text).doesNotContain("http://", "https://", "<script src", "<link");
  }

  @Test
  void resumingFromACheckpointGivesTheUninterruptedRun() throws IOException {
    TrainConfig two =
        new TrainConfig(
            "c4-p2-f16", 6, 2, 8, 0.05, OptimizerKind.SGD, 3L, 17, 17, FrameValue.COUNT, 2);
    ModelArtifact straight =
        TrainJob.run(two, train, test, source(), dir.resolve("a"), null, null).artifact();
    // interrupted after the first of two epochs (same schedule as the straight run)
    TrainJob.run(two, train, test, source(), dir.resolve("b"), null, null, 1);
    ModelArtifact resumed =
        TrainJob.run(
                two,
                train,
                test,
                source(),
                dir.resolve("c"),
                TrainJob.checkpointPath(dir.resolve("b")),
                null)
            .artifact();
    for (String name : straight.parameters().names()) {
      assertThat(resumed.parameters().tensor(name))
          .as(name)
          .containsExactly(straight.parameters().tensor(name), within(1e-6f));
    }
    assertThat(EpochMetrics.fromMetrics(resumed.provenance().metrics())).hasSize(2);
    TrainConfig otherSeed =
        new TrainConfig(
            "c4-p2-f16", 6, 2, 8, 0.05, OptimizerKind.SGD, 4L, 17, 17, FrameValue.COUNT, 2);
    assertThatThrownBy(
            () ->
                TrainJob.run(
                    otherSeed,
                    train,
                    test,
                    source(),
                    dir.resolve("d"),
                    TrainJob.checkpointPath(dir.resolve("b")),
                    null))
        .hasMessageContaining("seed 3");
  }

  @Test
  void emptyTrainingSetIsAClearError() {
    FrameDataset empty = FrameDataset.of(config.binning(), List.of(), new int[0], List.of());
    assertThatThrownBy(
            () -> TrainJob.run(config, empty, test, source(), dir.resolve("e"), null, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty dataset");
  }

  @Test
  void configErrorsNameFieldAndValue() {
    assertThatThrownBy(
            () ->
                new TrainConfig(
                    "c4-p2-f16", 6, 0, 8, 0.05, OptimizerKind.SGD, 3L, 17, 17, FrameValue.COUNT, 2))
        .hasMessage("epochs must be >= 1, got 0");
    assertThatThrownBy(
            () ->
                new TrainConfig(
                    "c4-x2", 6, 1, 8, 0.05, OptimizerKind.SGD, 3L, 17, 17, FrameValue.COUNT, 2))
        .hasMessageContaining("x2");
  }
}
