package io.spikestream.snn.train;

import io.spikestream.snn.Architecture;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Shape and neuron constants of a batched BNTT network (DESIGN section 7).
 *
 * @param architecture hidden layers, e.g. {@code c32-p2-c64-p2-f256}
 * @param inChannels input channels (2 for DVS polarity frames)
 * @param height input height
 * @param width input width
 * @param classes output units
 * @param timesteps T
 * @param leak λ in {@code (0, 1]}
 * @param threshold θ {@code > 0}
 * @param bnEps ε of BNTT
 * @param bnMomentum weight of a new batch in the running statistics (PyTorch convention)
 * @param spikeFunction {@link SpikeFunction#HEAVISIDE} except in gradient checks
 * @param resetGradient {@link ResetGradient#DETACHED} as the authors' code
 * @param dataType FLOAT, or DOUBLE for gradient checks
 */
public record BatchNetworkConfig(
    Architecture architecture,
    int inChannels,
    int height,
    int width,
    int classes,
    int timesteps,
    double leak,
    double threshold,
    double bnEps,
    double bnMomentum,
    SpikeFunction spikeFunction,
    ResetGradient resetGradient,
    DataType dataType) {

  /** DESIGN section 7 default leak. */
  public static final double DEFAULT_LEAK = 0.95;

  /** DESIGN section 7 default threshold. */
  public static final double DEFAULT_THRESHOLD = 1.0;

  /** DESIGN section 7 BNTT epsilon. */
  public static final double DEFAULT_BN_EPS = 1e-4;

  /** PyTorch's batch-norm momentum. */
  public static final double DEFAULT_BN_MOMENTUM = 0.1;

  public BatchNetworkConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(spikeFunction, "spikeFunction");
    Objects.requireNonNull(resetGradient, "resetGradient");
    Objects.requireNonNull(dataType, "dataType");
    positive("inChannels", inChannels);
    positive("height", height);
    positive("width", width);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    positive("timesteps", timesteps);
    if (!(leak > 0 && leak <= 1)) {
      throw new IllegalArgumentException("leak must be in (0, 1], got " + leak);
    }
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
    }
    if (!(bnEps > 0)) {
      throw new IllegalArgumentException("bnEps must be > 0, got " + bnEps);
    }
    if (!(bnMomentum >= 0 && bnMomentum <= 1)) {
      throw new IllegalArgumentException("bnMomentum must be in [0, 1], got " + bnMomentum);
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
    }
  }

  /** The network as trained: Heaviside spikes, detached reset, float32, DESIGN defaults. */
  public static BatchNetworkConfig of(
      Architecture architecture,
      int inChannels,
      int height,
      int width,
      int classes,
      int timesteps) {
    return new BatchNetworkConfig(
        architecture,
        inChannels,
        height,
        width,
        classes,
        timesteps,
        DEFAULT_LEAK,
        DEFAULT_THRESHOLD,
        DEFAULT_BN_EPS,
        DEFAULT_BN_MOMENTUM,
        SpikeFunction.HEAVISIDE,
        ResetGradient.DETACHED,
        DataType.FLOAT);
  }

  /** A copy with another leak. */
  public BatchNetworkConfig withLeak(double newLeak) {
    return new BatchNetworkConfig(
        architecture,
        inChannels,
        height,
        width,
        classes,
        timesteps,
        newLeak,
        threshold,
        bnEps,
        bnMomentum,
        spikeFunction,
        resetGradient,
        dataType);
  }

  /** The gradient-check variant: smooth spikes, full reset gradient, float64. */
  public BatchNetworkConfig forGradientCheck() {
    return new BatchNetworkConfig(
        architecture,
        inChannels,
        height,
        width,
        classes,
        timesteps,
        leak,
        threshold,
        bnEps,
        bnMomentum,
        SpikeFunction.SIGMOID,
        ResetGradient.FULL,
        DataType.DOUBLE);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be >= 1, got " + value);
    }
  }
}
