package io.spikestream.snn.train;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The interop fixture (DESIGN section 9, {@code shared/interop}) through the ND4J batched kernel:
 * the model made by an independent implementation, imported into {@link BnttNetwork} (layout
 * conversion included) and run in evaluation mode, reproduces {@code expected_logits.npy} after
 * every step (1e-5) and the spike counts per weight layer and step of {@code expected.json}.
 */
class BatchInteropTest {

  @Test
  void batchedEvaluationReproducesTheInteropFixture() throws IOException {
    Path dir = SharedFixtures.interopDir();
    ModelArtifact model = ModelArtifacts.read(dir.resolve("model"));
    float[][] frames = SharedFixtures.frames(SharedFixtures.npy(dir.resolve("frames.npy")));
    NpyArray logits = SharedFixtures.npy(dir.resolve("expected_logits.npy"));
    JsonNode spikes =
        new ObjectMapper()
            .readTree(dir.resolve("expected.json").toFile())
            .get("spikesPerLayerPerStep");

    BatchNetworkConfig config = BatchNetworkConfig.of(model.config());
    BnttNetwork net = new BnttNetwork(config, model.parameters());
    int t = config.timesteps();
    int frame = model.config().frameSize();
    float[] input = new float[t * frame]; // one sample: [B = 1][T][C][H][W]
    for (int s = 0; s < t; s++) {
      System.arraycopy(frames[s], 0, input, s * frame, frame);
    }
    BnttNetwork.Pass pass =
        net.forward(net.timeMajorInput(input, 1), 1, BnttNetwork.Mode.EVAL, true);

    double[] step = pass.stepLogits();
    int classes = config.classes();
    assertThat(logits.shape()).containsExactly(t, classes);
    for (int s = 0; s < t; s++) {
      for (int k = 0; k < classes; k++) {
        assertThat(step[s * classes + k])
            .as("logit %d after step %d", k, s)
            .isCloseTo(logits.values()[s * classes + k], within(1e-5));
      }
    }
    List<INDArray> layerSpikes = pass.layerSpikes();
    for (int layer = 0; layer < layerSpikes.size(); layer++) {
      float[] all = layerSpikes.get(layer).dup('c').data().asFloat();
      int neurons = all.length / t;
      for (int s = 0; s < t; s++) {
        int count = 0;
        for (int n = 0; n < neurons; n++) {
          count += all[s * neurons + n] > 0 ? 1 : 0;
        }
        assertThat(count)
            .as("spikes of layer %d at step %d", layer, s)
            .isEqualTo(spikes.get(s).get(layer).asInt());
      }
    }
  }
}
