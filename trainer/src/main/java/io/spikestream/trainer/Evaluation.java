package io.spikestream.trainer;

import java.util.List;

/**
 * The result of evaluating a model on a split with the event-driven kernel.
 *
 * @param model what was evaluated (path)
 * @param dataSource folder or topic
 * @param split split name
 * @param classNames class names in label order
 * @param samples number of samples
 * @param timesteps T
 * @param accuracy accuracy under the model's configured exit policy
 * @param policy the model's configured exit policy (decides {@link PerSample#exitStep()})
 * @param none no exit: all T steps
 * @param bntt BNTT exit at the model's calibrated step
 * @param bnttExitStep that step (0-based)
 * @param bnttGammaThreshold the γ threshold it was calibrated with
 * @param confidence confidence exit with the model's parameters
 * @param accuracyAtStep {@code [T]}: accuracy if every sample stopped after step t
 * @param perClassAccuracy {@code [classes]} under the configured policy (NaN without samples)
 * @param confusion {@code [label][predicted]} counts under the configured policy
 * @param spikeRate {@code [weightLayers][T]}: mean fraction of a layer's neurons spiking at t
 * @param layerNames names of the weight layers, e.g. {@code c32}
 * @param meanGamma {@code [weightLayers][T]}: mean γ over channels (the heat map)
 * @param annJoules energy of one inference of the equivalent ANN
 * @param snnJoules mean energy of one SNN inference over all T steps
 * @param snnJoulesAtExit mean energy of one SNN inference under the configured policy
 * @param perSample one entry per sample in dataset order
 * @param provenanceMetrics the artifact's training metrics (curves)
 */
public record Evaluation(
    String model,
    String dataSource,
    String split,
    List<String> classNames,
    int samples,
    int timesteps,
    double accuracy,
    String policy,
    ExitResult none,
    ExitResult bntt,
    int bnttExitStep,
    double bnttGammaThreshold,
    ExitResult confidence,
    double[] accuracyAtStep,
    double[] perClassAccuracy,
    long[][] confusion,
    double[][] spikeRate,
    List<String> layerNames,
    double[][] meanGamma,
    double annJoules,
    double snnJoules,
    double snnJoulesAtExit,
    List<PerSample> perSample,
    java.util.Map<String, Double> provenanceMetrics) {

  /**
   * Accuracy and latency of one exit policy.
   *
   * @param accuracy fraction correct
   * @param meanTimesteps mean steps run (exit step + 1)
   */
  public record ExitResult(double accuracy, double meanTimesteps) {}

  /**
   * One sample under the model's configured exit policy: the streams app must reproduce these.
   *
   * @param id sample identifier
   * @param label true class
   * @param predicted class at the exit step
   * @param exitStep 0-based step after which the policy stopped
   */
  public record PerSample(String id, int label, int predicted, int exitStep) {}
}
