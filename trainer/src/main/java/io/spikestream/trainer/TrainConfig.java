package io.spikestream.trainer;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.train.OptimizerConfig;
import io.spikestream.snn.train.OptimizerKind;
import io.spikestream.snn.train.TemporalGammaDecay;

/**
 * Settings of one training run; the one source of the trainer's defaults.
 *
 * @param architecture spec string, e.g. {@code c32-p2-c64-p2-f256}
 * @param timesteps T
 * @param epochs epochs to train (in total, also when resuming)
 * @param batch mini-batch size
 * @param learningRate initial learning rate
 * @param optimizer SGD (the paper's) or Adam
 * @param seed fixes the initial weights and the shuffling of every epoch
 * @param height frame rows (the sensor is scaled down to these)
 * @param width frame columns
 * @param value COUNT or BINARY frames
 * @param threads threads for binning and evaluation
 * @param gammaDecay λ of the optional time-weighted L1 penalty on γ ({@link
 *     io.spikestream.snn.train.TemporalGammaDecay}); 0 = the paper's training
 */
public record TrainConfig(
    String architecture,
    int timesteps,
    int epochs,
    int batch,
    double learningRate,
    OptimizerKind optimizer,
    long seed,
    int height,
    int width,
    FrameValue value,
    int threads,
    double gammaDecay) {

  public static final int DEFAULT_BATCH = 32;
  public static final double DEFAULT_LEARNING_RATE = 0.1;
  public static final long DEFAULT_SEED = 42L;

  public TrainConfig {
    if (architecture == null) {
      throw new IllegalArgumentException("architecture must be set, got null");
    }
    Architecture.parse(architecture);
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps must be >= 1, got " + timesteps);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be SGD or ADAM, got null");
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("size must be >= 1x1, got " + height + "x" + width);
    }
    if (value == null) {
      throw new IllegalArgumentException("value must be COUNT or BINARY, got null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    new TemporalGammaDecay(gammaDecay); // validates
  }

  /** A run with the paper's training (no γ penalty). */
  public TrainConfig(
      String architecture,
      int timesteps,
      int epochs,
      int batch,
      double learningRate,
      OptimizerKind optimizer,
      long seed,
      int height,
      int width,
      FrameValue value,
      int threads) {
    this(
        architecture,
        timesteps,
        epochs,
        batch,
        learningRate,
        optimizer,
        seed,
        height,
        width,
        value,
        threads,
        0);
  }

  /** The binning of this run: N_BINS over each recorded sample (DESIGN section 6). */
  public BinningSpec binning() {
    return BinningSpec.nBins(timesteps, height, width, value);
  }

  /** The optimiser with the paper's schedule. */
  public OptimizerConfig optimizerConfig() {
    return switch (optimizer) {
      case SGD -> OptimizerConfig.sgd(learningRate);
      case ADAM -> OptimizerConfig.adam(learningRate);
    };
  }
}
