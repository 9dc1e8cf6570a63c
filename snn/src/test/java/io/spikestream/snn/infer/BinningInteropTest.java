package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.artifact.NpyArray;
import io.spikestream.snn.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The binning half of the interop fixture (DESIGN sections 6 and 9): binning the real N-MNIST
 * recording named in {@code expected.json} with N_BINS, T = 6, COUNT, 34x34 through the project's
 * reader and {@link SampleBinner} gives {@code frames.npy} exactly; and with the model's own
 * binning spec, recording to logits end to end.
 */
class BinningInteropTest {

  @Test
  void binningTheRecordingGivesTheFixtureFramesExactly() throws IOException {
    Path dir = SharedFixtures.interopDir();
    String recording =
        new ObjectMapper()
            .readTree(dir.resolve("expected.json").toFile())
            .get("recording")
            .asText();
    Path file = dir.resolve(recording).normalize();
    assumeTrue(Files.isRegularFile(file), "recording " + file + " not found: skipping");
    BinningSpec spec = BinningSpec.nBins(6, 34, 34, FrameValue.COUNT);
    float[] frames;
    try (EventReader reader = EventFiles.open(file)) {
      frames = SampleBinner.bin(spec, reader);
    }
    NpyArray expected = SharedFixtures.npy(dir.resolve("frames.npy"));
    assertThat(expected.shape()).containsExactly(6, 2, 34, 34);
    assertThat(frames).containsExactly(expected.floats());

    ModelArtifact model = ModelArtifacts.read(dir.resolve("model"));
    assertThat(model.binning()).isEqualTo(spec);
    WindowTrace trace =
        new EventDrivenNetwork(model.parameters()).run(SampleBinner.split(frames, spec), false);
    WindowTrace fromFixture =
        new EventDrivenNetwork(model.parameters()).run(SharedFixtures.frames(expected), false);
    assertThat(trace.logits()).isDeepEqualTo(fromFixture.logits());
  }
}
