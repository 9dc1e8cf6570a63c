package io.spikestream.snn.train;

import io.spikestream.snn.model.ModelParameters;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training API the trainer module drives: one network, one optimiser, one learning-rate
 * schedule. Frames come as the trainer bins them, {@code float[B][T][C][H][W]} flattened row-major;
 * labels are class indices.
 *
 * <p>Seeded: the seed fixes the initial weights and {@link #shuffledOrder}. A checkpoint is {@link
 * #exportTensors()} plus {@link #optimizerState()}; {@link #importTensors} and {@link
 * #restoreOptimizerState} resume it. Not thread-safe.
 */
public final class TrainingSession {

  private final BnttNetwork network;
  private final Optimizer optimizer;
  private final long seed;
  private double learningRate;
  private TemporalGammaDecay gammaDecay = new TemporalGammaDecay(0);

  public TrainingSession(
      BatchNetworkConfig networkConfig, OptimizerConfig optimizerConfig, long seed) {
    this(
        networkConfig,
        ModelParameters.initialise(networkConfig.network(), seed),
        optimizerConfig,
        seed);
  }

  /** A session that starts from {@code parameters} (fine-tuning, or resuming a checkpoint). */
  public TrainingSession(
      BatchNetworkConfig networkConfig,
      ModelParameters parameters,
      OptimizerConfig optimizerConfig,
      long seed) {
    this.network = new BnttNetwork(networkConfig, parameters);
    this.optimizer = new Optimizer(optimizerConfig);
    this.seed = seed;
    this.learningRate = optimizerConfig.learningRate();
  }

  /**
   * Sets the optional time-weighted L1 penalty on γ ({@link TemporalGammaDecay}; off by default)
   * for the following batches.
   */
  public void setGammaDecay(TemporalGammaDecay decay) {
    if (decay == null) {
      throw new IllegalArgumentException("gammaDecay must be set, got null");
    }
    this.gammaDecay = decay;
  }

  public BnttNetwork network() {
    return network;
  }

  /**
   * Records the time of each phase of later steps (network passes, loss, optimiser) into {@code
   * profile} (null: off).
   */
  public void setProfile(PhaseProfile profile) {
    network.setProfile(profile);
  }

  /** Sets the learning rate of this epoch from the schedule (call at the start of each epoch). */
  public void startEpoch(int epoch, int totalEpochs) {
    learningRate = optimizer.config().learningRateAt(epoch, totalEpochs);
  }

  /** The learning rate the next {@link #trainBatch} uses. */
  public double learningRate() {
    return learningRate;
  }

  /**
   * A permutation of {@code 0..n-1} for {@code epoch}, the same for the same seed and epoch
   * (Fisher-Yates with a {@link Random} seeded from both).
   */
  public int[] shuffledOrder(int n, int epoch) {
    Random random = new Random(seed * 1_000_003L + epoch);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** One SGD/Adam step on a batch of {@code [B, T, C, H, W]} frames. */
  public BatchResult trainBatch(float[] frames, int[] labels) {
    return trainBatch(network.timeMajorInput(frames, labels.length), labels);
  }

  /**
   * One step on a t-major {@code [T·B, C, H, W]} input (see {@link BnttNetwork#timeMajorInput}).
   */
  public BatchResult trainBatch(INDArray timeMajorInput, int[] labels) {
    int batch = labels.length;
    BnttNetwork.Pass pass = network.forward(timeMajorInput, batch, BnttNetwork.Mode.TRAIN);
    int classes = network.config().classes();
    long start = System.nanoTime();
    double[] logits = pass.logits().dup('c').data().asDouble();
    double[] grad = new double[logits.length];
    double loss = CrossEntropy.lossAndGradient(logits, labels, classes, grad);
    int correct = 0;
    for (int b = 0; b < batch; b++) {
      if (argmax(logits, b * classes, classes) == labels[b]) {
        correct++;
      }
    }
    INDArray g =
        Nd4j.createFromArray(grad).reshape(batch, classes).castTo(network.config().dataType());
    network.lap("loss", start);
    Map<String, INDArray> grads = network.backward(pass, g);
    start = System.nanoTime();
    gammaDecay.addTo(network.trainableParameters(), grads);
    optimizer.step(network.trainableParameters(), grads, learningRate);
    network.lap("optimizer", start);
    return new BatchResult(loss, correct, batch);
  }

  /** Evaluation (running statistics, no update) of {@code [B, T, C, H, W]} frames. */
  public StepLogits evaluateBatch(float[] frames, int batch) {
    return evaluateBatch(network.timeMajorInput(frames, batch), batch);
  }

  /** Evaluation of a t-major input. */
  public StepLogits evaluateBatch(INDArray timeMajorInput, int batch) {
    BnttNetwork.Pass pass = network.forward(timeMajorInput, batch, BnttNetwork.Mode.EVAL);
    return new StepLogits(
        batch, network.config().timesteps(), network.config().classes(), pass.stepLogits());
  }

  /** The learnt tensors for the model artifact (DESIGN section 9). */
  public ModelParameters exportParameters() {
    return network.exportParameters();
  }

  /** Replaces all tensors (e.g. from a checkpoint). */
  public void importParameters(ModelParameters parameters) {
    network.importParameters(parameters);
  }

  /** All tensors in the artifact names and layouts (DESIGN section 9), copies. */
  public Map<String, INDArray> exportTensors() {
    return network.exportTensors();
  }

  /** Replaces all tensors (artifact names and layouts). */
  public void importTensors(Map<String, INDArray> tensors) {
    network.importTensors(tensors);
  }

  /** Optimiser state for a checkpoint (copies). */
  public Map<String, INDArray> optimizerState() {
    return optimizer.state();
  }

  /** Restores {@link #optimizerState()}. */
  public void restoreOptimizerState(Map<String, INDArray> state) {
    optimizer.restore(state);
  }

  private static int argmax(double[] v, int offset, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (v[offset + k] > v[offset + best]) {
        best = k;
      }
    }
    return best;
  }
}
