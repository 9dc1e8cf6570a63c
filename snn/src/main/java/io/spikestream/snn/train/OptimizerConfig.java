package io.spikestream.snn.train;

import java.util.List;
import java.util.Objects;

/**
 * Optimiser settings (DESIGN section 7). The paper: SGD, momentum 0.9, weight decay 1e-4, the
 * learning rate divided by 10 at 50 %, 70 % and 90 % of the epochs.
 *
 * @param kind SGD or Adam
 * @param learningRate initial learning rate
 * @param momentum SGD momentum (ignored by Adam)
 * @param weightDecay L2 coefficient added to every gradient
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param adamEpsilon Adam ε
 * @param milestones fractions of the epochs at which the learning rate is multiplied by {@code
 *     decayFactor}, ascending, in (0, 1)
 * @param decayFactor multiplier at each milestone (0.1 = "divided by 10")
 */
public record OptimizerConfig(
    OptimizerKind kind,
    double learningRate,
    double momentum,
    double weightDecay,
    double beta1,
    double beta2,
    double adamEpsilon,
    List<Double> milestones,
    double decayFactor) {

  /** The paper's milestones. */
  public static final List<Double> PAPER_MILESTONES = List.of(0.5, 0.7, 0.9);

  public OptimizerConfig {
    Objects.requireNonNull(kind, "kind");
    milestones = List.copyOf(milestones);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(adamEpsilon > 0)) {
      throw new IllegalArgumentException("adamEpsilon must be > 0, got " + adamEpsilon);
    }
    double previous = 0;
    for (double m : milestones) {
      if (!(m > previous && m < 1)) {
        throw new IllegalArgumentException(
            "milestones must be ascending in (0, 1), got " + milestones);
      }
      previous = m;
    }
    if (!(decayFactor > 0 && decayFactor <= 1)) {
      throw new IllegalArgumentException("decayFactor must be in (0, 1], got " + decayFactor);
    }
  }

  /** The paper's SGD: momentum 0.9, weight decay 1e-4, ÷10 at 50/70/90 % of the epochs. */
  public static OptimizerConfig sgd(double learningRate) {
    return new OptimizerConfig(
        OptimizerKind.SGD, learningRate, 0.9, 1e-4, 0.9, 0.999, 1e-8, PAPER_MILESTONES, 0.1);
  }

  /** Adam (β 0.9/0.999, ε 1e-8), weight decay 1e-4, the same step schedule. */
  public static OptimizerConfig adam(double learningRate) {
    return new OptimizerConfig(
        OptimizerKind.ADAM, learningRate, 0.9, 1e-4, 0.9, 0.999, 1e-8, PAPER_MILESTONES, 0.1);
  }

  /** A copy with another weight decay. */
  public OptimizerConfig withWeightDecay(double newWeightDecay) {
    return new OptimizerConfig(
        kind,
        learningRate,
        momentum,
        newWeightDecay,
        beta1,
        beta2,
        adamEpsilon,
        milestones,
        decayFactor);
  }

  /**
   * The learning rate of epoch {@code epoch} (0-based) of {@code totalEpochs}: multiplied by {@code
   * decayFactor} once for every milestone {@code m} with {@code epoch >= floor(m · totalEpochs)},
   * as PyTorch's {@code MultiStepLR} with integer milestones.
   */
  public double learningRateAt(int epoch, int totalEpochs) {
    if (totalEpochs < 1 || epoch < 0) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " of totalEpochs " + totalEpochs + " is not valid");
    }
    double lr = learningRate;
    for (double m : milestones) {
      if (epoch >= (int) Math.floor(m * totalEpochs)) {
        lr *= decayFactor;
      }
    }
    return lr;
  }
}
