package io.spikestream.snn.train;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A {@link NetworkConfig} (the network as the artifact describes it) plus what only batched
 * training needs (DESIGN section 7).
 *
 * @param network shape and neuron constants (λ, θ, ε)
 * @param bnMomentum weight of a new batch in the running statistics (PyTorch convention, 0.1)
 * @param spikeFunction {@link SpikeFunction#HEAVISIDE} except in gradient checks
 * @param resetGradient {@link ResetGradient#DETACHED} as the authors' code
 * @param dataType FLOAT, or DOUBLE for gradient checks
 */
public record BatchNetworkConfig(
    NetworkConfig network,
    double bnMomentum,
    SpikeFunction spikeFunction,
    ResetGradient resetGradient,
    DataType dataType) {

  /** PyTorch's batch-norm momentum. */
  public static final double DEFAULT_BN_MOMENTUM = 0.1;

  public BatchNetworkConfig {
    if (network == null) {
      throw new IllegalArgumentException("network must be set, got null");
    }
    Objects.requireNonNull(spikeFunction, "spikeFunction");
    Objects.requireNonNull(resetGradient, "resetGradient");
    Objects.requireNonNull(dataType, "dataType");
    if (!(bnMomentum >= 0 && bnMomentum <= 1)) {
      throw new IllegalArgumentException("bnMomentum must be in [0, 1], got " + bnMomentum);
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
    }
  }

  /** The network as trained: Heaviside spikes, detached reset, float32, momentum 0.1. */
  public static BatchNetworkConfig of(NetworkConfig network) {
    return new BatchNetworkConfig(
        network,
        DEFAULT_BN_MOMENTUM,
        SpikeFunction.HEAVISIDE,
        ResetGradient.DETACHED,
        DataType.FLOAT);
  }

  /** {@link #of(NetworkConfig)} with DESIGN defaults for λ, θ and ε. */
  public static BatchNetworkConfig of(
      Architecture architecture,
      int inChannels,
      int height,
      int width,
      int classes,
      int timesteps) {
    return of(NetworkConfig.of(architecture, inChannels, height, width, classes, timesteps));
  }

  /** The gradient-check variant: smooth spikes, full reset gradient, float64. */
  public BatchNetworkConfig forGradientCheck() {
    return new BatchNetworkConfig(
        network, bnMomentum, SpikeFunction.SIGMOID, ResetGradient.FULL, DataType.DOUBLE);
  }

  public Architecture architecture() {
    return network.architecture();
  }

  public int inChannels() {
    return network.inChannels();
  }

  public int height() {
    return network.height();
  }

  public int width() {
    return network.width();
  }

  public int classes() {
    return network.classes();
  }

  public int timesteps() {
    return network.timesteps();
  }

  public double leak() {
    return network.leak();
  }

  public double threshold() {
    return network.threshold();
  }

  public double bnEps() {
    return network.bnEps();
  }
}
