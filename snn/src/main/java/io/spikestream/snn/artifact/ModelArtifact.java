package io.spikestream.snn.artifact;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ConfidenceExitConfig;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model as shipped (DESIGN section 9): parameters, class names, the binning spec the
 * model was trained on, the exit policy with its calibration, and provenance.
 *
 * @param parameters network and tensors
 * @param classNames one name per class (defaults to "0", "1", ... when an artifact has none)
 * @param binning how events become this model's frames; its timesteps and size match the network
 * @param exitPolicy the policy the stream should use by default
 * @param bnttExit the BNTT exit calibration (exit step and γ threshold)
 * @param confidenceExit the confidence exit parameters
 * @param provenance where the model came from
 */
public record ModelArtifact(
    ModelParameters parameters,
    List<String> classNames,
    BinningSpec binning,
    ExitKind exitPolicy,
    BnttExit bnttExit,
    ConfidenceExitConfig confidenceExit,
    Provenance provenance) {

  /** The format version this code writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  public ModelArtifact {
    if (parameters == null) {
      throw new IllegalArgumentException("parameters must be set, got null");
    }
    NetworkConfig config = parameters.config();
    classNames = classNames == null ? defaultNames(config.classes()) : List.copyOf(classNames);
    if (classNames.size() != config.classes()) {
      throw new IllegalArgumentException(
          "classNames has " + classNames.size() + " names, expected " + config.classes());
    }
    if (binning == null) {
      throw new IllegalArgumentException("binning must be set, got null");
    }
    if (binning.timesteps() != config.timesteps()) {
      throw new IllegalArgumentException(
          "binning.timesteps "
              + binning.timesteps()
              + " differs from the network's timesteps "
              + config.timesteps());
    }
    if (binning.height() != config.height()
        || binning.width() != config.width()
        || BinningSpec.CHANNELS != config.inChannels()) {
      throw new IllegalArgumentException(
          "binning frame "
              + BinningSpec.CHANNELS
              + "x"
              + binning.height()
              + "x"
              + binning.width()
              + " differs from the network's inputShape "
              + config.inChannels()
              + "x"
              + config.height()
              + "x"
              + config.width());
    }
    exitPolicy = exitPolicy == null ? ExitKind.NONE : exitPolicy;
    bnttExit =
        bnttExit == null
            ? BnttExit.calibrate(parameters, BnttExit.DEFAULT_GAMMA_THRESHOLD)
            : bnttExit;
    if (bnttExit.exitStep() >= config.timesteps()) {
      throw new IllegalArgumentException(
          "bnttExit.exitStep "
              + bnttExit.exitStep()
              + " is beyond the last timestep "
              + (config.timesteps() - 1));
    }
    confidenceExit = confidenceExit == null ? ConfidenceExitConfig.defaults() : confidenceExit;
    provenance = provenance == null ? Provenance.unknown() : provenance;
  }

  /** A model with default names, no exit by default, calibrated BNTT exit, unknown provenance. */
  public static ModelArtifact of(ModelParameters parameters, BinningSpec binning) {
    return new ModelArtifact(parameters, null, binning, null, null, null, null);
  }

  /** The network's shape and constants. */
  public NetworkConfig config() {
    return parameters.config();
  }

  private static List<String> defaultNames(int classes) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }
}
