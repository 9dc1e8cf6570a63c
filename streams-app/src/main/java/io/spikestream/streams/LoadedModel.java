package io.spikestream.streams;

import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.exit.ExitPolicy;
import io.spikestream.snn.exit.NoExit;
import io.spikestream.snn.infer.EventDrivenNetwork;

/**
 * A model ready to serve: the artifact, its kernel and its exit policy (DESIGN section 8).
 *
 * @param name model name (the key in {@code snn.models}, or the file name)
 * @param version monotonic version; the app only swaps to a higher one
 * @param artifact the loaded artifact
 * @param network the event-driven kernel built from it, shared by all sensors
 * @param exitPolicy the artifact's default exit policy
 */
public record LoadedModel(
    String name,
    long version,
    ModelArtifact artifact,
    EventDrivenNetwork network,
    ExitPolicy exitPolicy) {

  /** Builds the kernel and the exit policy named by the artifact. */
  public static LoadedModel of(String name, long version, ModelArtifact artifact) {
    ExitPolicy policy =
        switch (artifact.exitPolicy()) {
          case NONE -> NoExit.INSTANCE;
          case BNTT -> artifact.bnttExit();
          case CONFIDENCE -> new io.spikestream.snn.exit.ConfidenceExit(artifact.confidenceExit());
        };
    return new LoadedModel(
        name, version, artifact, new EventDrivenNetwork(artifact.parameters()), policy);
  }
}
