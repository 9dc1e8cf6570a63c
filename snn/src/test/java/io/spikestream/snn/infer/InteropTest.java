package io.spikestream.snn.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.artifact.NpyArray;
import io.spikestream.snn.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * THE interop test (DESIGN section 9): the model in {@code shared/interop/model}, made by an
 * independent implementation, run on {@code frames.npy} through the event-driven kernel and through
 * the dense reference, must reproduce {@code expected_logits.npy} (within 1e-5) and the spike
 * counts per weight layer and step of {@code expected.json} exactly.
 */
class InteropTest {

  private static ModelArtifact model;
  private static float[][] frames;
  private static double[][] expectedLogits;
  private static int[][] expectedSpikes;

  @BeforeAll
  static void load() throws IOException {
    Path dir = SharedFixtures.interopDir();
    model = ModelArtifacts.read(dir.resolve("model"));
    NpyArray f = SharedFixtures.npy(dir.resolve("frames.npy"));
    frames = SharedFixtures.frames(f);
    NpyArray l = SharedFixtures.npy(dir.resolve("expected_logits.npy"));
    assertThat(l.dtype()).isEqualTo(NpyArray.Dtype.FLOAT64);
    int[] ls = l.shape();
    expectedLogits = new double[ls[0]][ls[1]];
    for (int t = 0; t < ls[0]; t++) {
      System.arraycopy(l.values(), t * ls[1], expectedLogits[t], 0, ls[1]);
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    JsonNode spikes = json.get("spikesPerLayerPerStep");
    expectedSpikes = new int[spikes.size()][];
    for (int t = 0; t < spikes.size(); t++) {
      expectedSpikes[t] = new int[spikes.get(t).size()];
      for (int i = 0; i < expectedSpikes[t].length; i++) {
        expectedSpikes[t][i] = spikes.get(t).get(i).asInt();
      }
    }
  }

  @Test
  void fixtureHasTheShapesTheModelDeclares() {
    assertThat(frames).hasNumberOfRows(model.config().timesteps());
    assertThat(frames[0]).hasSize(model.config().frameSize());
    assertThat(expectedLogits).hasNumberOfRows(model.config().timesteps());
    assertThat(expectedSpikes[0]).hasSize(model.config().weightLayers().size());
  }

  @Test
  void eventDrivenKernelReproducesLogitsAndSpikeCounts() {
    WindowTrace trace = new EventDrivenNetwork(model.parameters()).run(frames, false);
    for (int t = 0; t < frames.length; t++) {
      assertThat(trace.spikeCounts()[t])
          .as("spikes per layer at step %d", t)
          .containsExactly(expectedSpikes[t]);
      for (int c = 0; c < expectedLogits[t].length; c++) {
        assertThat(trace.logits()[t][c])
            .as("logit %d after step %d", c, t)
            .isCloseTo(expectedLogits[t][c], within(1e-5));
      }
    }
  }

  @Test
  void denseReferenceReproducesLogitsAndSpikeCounts() {
    DenseReference.Result r = new DenseReference(model.parameters()).run(frames);
    for (int t = 0; t < frames.length; t++) {
      assertThat(r.spikeCounts()[t])
          .as("spikes per layer at step %d", t)
          .containsExactly(expectedSpikes[t]);
      for (int c = 0; c < expectedLogits[t].length; c++) {
        assertThat(r.logits()[t][c])
            .as("logit %d after step %d", c, t)
            .isCloseTo(expectedLogits[t][c], within(1e-5));
      }
    }
  }
}
