package io.spikestream.snn.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.WindowMode;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ConfidenceCriterion;
import io.spikestream.snn.exit.ConfidenceExitConfig;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import io.spikestream.snn.testing.SharedFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {

  private static final NetworkConfig CONFIG =
      NetworkConfig.of(Architecture.parse("c4-p2-f8"), 2, 6, 6, 3, 4);

  private static ModelArtifact artifact() {
    ModelParameters p = ModelParameters.initialise(CONFIG, 5);
    return new ModelArtifact(
        p,
        List.of("a", "b", "c"),
        BinningSpec.nBins(4, 6, 6, FrameValue.COUNT),
        ExitKind.CONFIDENCE,
        new BnttExit(2, 0.2),
        new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 0.3, 1, 3),
        new Provenance(
            "nmnist",
            "9:1",
            42L,
            7,
            Map.of("testAccuracy", 0.91),
            "abc123",
            "2026-11-26T20:00:00Z"));
  }

  @Test
  void folderAndZipRoundTripEverything(@TempDir Path dir) throws IOException {
    ModelArtifact a = artifact();
    ModelArtifacts.writeFolder(a, dir.resolve("m"));
    ModelArtifacts.writeZip(a, dir.resolve("m.zip"));
    for (ModelArtifact back :
        List.of(ModelArtifacts.read(dir.resolve("m")), ModelArtifacts.read(dir.resolve("m.zip")))) {
      assertThat(back.config()).isEqualTo(a.config());
      assertThat(back.classNames()).containsExactly("a", "b", "c");
      assertThat(back.binning()).isEqualTo(a.binning());
      assertThat(back.exitPolicy()).isEqualTo(ExitKind.CONFIDENCE);
      assertThat(back.bnttExit()).isEqualTo(new BnttExit(2, 0.2));
      assertThat(back.confidenceExit()).isEqualTo(a.confidenceExit());
      assertThat(back.provenance()).isEqualTo(a.provenance());
      for (String name : a.parameters().names()) {
        assertThat(back.parameters().tensor(name))
            .as(name)
            .containsExactly(a.parameters().tensor(name));
      }
    }
    assertThat(ModelArtifacts.toZip(a)).as("deterministic zip").isEqualTo(ModelArtifacts.toZip(a));
  }

  @Test
  void fixedDtBinningKeepsItsBinWidth(@TempDir Path dir) throws IOException {
    ModelArtifact a =
        ModelArtifact.of(
            ModelParameters.initialise(CONFIG, 1),
            BinningSpec.fixedDt(4, 2500, 6, 6, FrameValue.BINARY));
    ModelArtifacts.writeFolder(a, dir);
    BinningSpec b = ModelArtifacts.read(dir).binning();
    assertThat(b.window()).isEqualTo(WindowMode.FIXED_DT);
    assertThat(b.dtMicros()).isEqualTo(2500);
    assertThat(ModelArtifacts.read(dir).exitPolicy()).isEqualTo(ExitKind.NONE);
  }

  @Test
  void loadingSaysExactlyWhatIsWrong(@TempDir Path dir) throws IOException {
    Path m = dir.resolve("m");
    ModelArtifacts.writeFolder(artifact(), m);
    String json = Files.readString(m.resolve("model.json"));

    Files.writeString(
        m.resolve("model.json"), json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    assertThatThrownBy(() -> ModelArtifacts.read(m))
        .hasMessageEndingWith("formatVersion 2 is not supported (this reader knows 1..1)");

    Files.writeString(
        m.resolve("model.json"), json.replace("\"shape\" : [ 8, 36 ]", "\"shape\" : [ 8, 37 ]"));
    assertThatThrownBy(() -> ModelArtifacts.read(m))
        .hasMessageEndingWith(
            "tensor 'layers.1.weight': model.json declares shape [8, 37], architecture c4-p2-f8 with T = 4 expects [8, 36]");

    Files.writeString(m.resolve("model.json"), json.replace("\"leak\"", "\"leakk\""));
    assertThatThrownBy(() -> ModelArtifacts.read(m)).hasMessageEndingWith("missing field 'leak'");

    Files.writeString(m.resolve("model.json"), json);
    Files.delete(m.resolve("layers.0.bntt.runningVar.npy"));
    assertThatThrownBy(() -> ModelArtifacts.read(m))
        .hasMessageEndingWith(
            "tensor 'layers.0.bntt.runningVar': file 'layers.0.bntt.runningVar.npy' is missing");

    try (OutputStream out = Files.newOutputStream(m.resolve("layers.0.bntt.runningVar.npy"))) {
      NpyArray.ofFloats(new int[] {4, 5}, new float[20]).write(out);
    }
    assertThatThrownBy(() -> ModelArtifacts.read(m))
        .hasMessageEndingWith(
            "tensor 'layers.0.bntt.runningVar': file 'layers.0.bntt.runningVar.npy' holds shape [4, 5], expected [4, 4]");

    assertThatThrownBy(() -> ModelArtifacts.read(dir.resolve("absent.zip")))
        .hasMessageContaining("absent.zip");
  }

  @Test
  void modelJsonWithoutATensorIsRejected(@TempDir Path dir) throws IOException {
    ModelArtifacts.writeFolder(artifact(), dir);
    String json = Files.readString(dir.resolve("model.json"));
    String cut =
        json.replaceAll(
                "\\{\\s*\"name\" : \"output.weight\",\\s*\"file\" : \"output.weight.npy\",\\s*\"shape\" : \\[ 3, 8 \\]\\s*}",
                "")
            .replace("}, ]", "} ]")
            .replaceAll(",\\s*]", " ]");
    Files.writeString(dir.resolve("model.json"), cut);
    assertThatThrownBy(() -> ModelArtifacts.read(dir))
        .hasMessageEndingWith("model.json lists no tensor 'output.weight'");
  }

  /** A format-1 artifact written by this code on 2026-11-26 must keep loading, unchanged. */
  @Test
  void goldenVersionOneStillLoads() throws IOException, URISyntaxException {
    Path golden = Path.of(getClass().getResource("/golden/v1/model.json").toURI()).getParent();
    ModelArtifact a = ModelArtifacts.read(golden);
    assertThat(a.config())
        .isEqualTo(NetworkConfig.of(Architecture.parse("c2-p2-f4"), 2, 5, 5, 3, 2));
    assertThat(a.classNames()).containsExactly("left", "right", "up");
    assertThat(a.binning()).isEqualTo(BinningSpec.fixedDt(2, 5000, 5, 5, FrameValue.BINARY));
    assertThat(a.exitPolicy()).isEqualTo(ExitKind.BNTT);
    // γ of step 1 is 0.05 in both layers, so the calibrated BNTT exit is step 1.
    assertThat(a.bnttExit()).isEqualTo(new BnttExit(1, 0.1));
    assertThat(BnttExit.calibrate(a.parameters(), 0.1)).isEqualTo(a.bnttExit());
    assertThat(a.confidenceExit())
        .isEqualTo(new ConfidenceExitConfig(ConfidenceCriterion.MARGIN, 0.5, 1, 1));
    assertThat(a.provenance().seed()).isEqualTo(7L);
    assertThat(a.parameters().gamma(0)).containsExactly(1f, 1f, 0.05f, 0.05f);
    assertThat(ModelArtifacts.modelJson(a))
        .as("re-rendering a v1 artifact gives the same model.json")
        .isEqualTo(Files.readString(golden.resolve("model.json")));
  }

  /** The interop model (written by an independent implementation) loads with its exact values. */
  @Test
  void readsTheInteropModel() throws IOException {
    Path dir = SharedFixtures.interopDir();
    ModelArtifact a = ModelArtifacts.read(dir.resolve("model"));
    assertThat(a.config())
        .isEqualTo(NetworkConfig.of(Architecture.parse("c8-p2-c16-p2-f32"), 2, 34, 34, 10, 6));
    assertThat(a.binning()).isEqualTo(BinningSpec.nBins(6, 34, 34, FrameValue.COUNT));
    assertThat(a.exitPolicy()).isEqualTo(ExitKind.NONE);
    float[] w = a.parameters().weight(2);
    float[] raw = SharedFixtures.npy(dir.resolve("model/layers.2.weight.npy")).floats();
    assertThat(w).containsExactly(raw);
  }
}
