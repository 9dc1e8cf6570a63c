package io.spikestream.snn.train;

import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BNTT spiking network on ND4J for whole windows (DESIGN section 7): the batched forward pass and
 * backpropagation through time.
 *
 * <p>Forward, layer by layer: a layer's input current at t depends only on the previous layer's
 * spikes at t, so every convolution or linear map runs once for all {@code T·B} rows (one big
 * oneDNN/BLAS call), then {@link LifBnttScan} runs BNTT and the LIF recurrence over t; average
 * pooling ({@link AvgPoolKernel}) follows spikes; flattening before the first linear layer is in
 * {@code (C, H, W)} order. The output layer has no spikes and no BNTT: {@code logits after step t =
 * (1/(t+1)) Σ_{k≤t} W_out s_L[k]} (DESIGN section 9), the training loss uses the last step (the
 * paper's {@code 1/T} mean).
 *
 * <p>Backward runs the layers in reverse: the scan's BPTT (with the backward of a fused pooling),
 * then {@code conv2d_bp} or two GEMMs. In training, a first conv layer whose input is sparse (a DVS
 * frame, at most {@link #DEFAULT_SPARSE_INPUT_LIMIT} non-zero) skips oneDNN: its currents and its
 * weight gradient come from the non-zero inputs inside the scans ({@link SparseConvInput}).
 *
 * <p>Parameters are named as the artifact (DESIGN section 9): {@code layers.<i>.weight}, {@code
 * layers.<i>.bntt.gamma|runningMean|runningVar} {@code [T, C]}, {@code output.weight}. Internally
 * conv weights are {@code [3, 3, in, out]} (ND4J's YXIO layout that {@code conv2d_bp} needs) and
 * linear weights {@code [in, out]}; {@link #exportTensors()} and {@link #importTensors(Map)}
 * convert to and from the PyTorch layouts.
 *
 * <p>Not thread-safe: one network is driven by one thread (its kernels use both cores inside).
 */
public final class BnttNetwork {

  /** Evaluation or training (batch statistics, running-statistics update, caches for backward). */
  public enum Mode {
    TRAIN,
    EVAL
  }

  private final BatchNetworkConfig config;
  private final List<Stage> stages = new ArrayList<>();
  private final INDArray outputWeight;
  private final int outputInFeatures;
  private final Map<String, INDArray> trainable = new LinkedHashMap<>();
  private final Map<String, INDArray> buffers = new LinkedHashMap<>();

  /** Activation and gradient arrays reused across batches (fresh native memory is slow). */
  private final Map<String, INDArray> scratch = new java.util.HashMap<>();

  /**
   * Largest fraction of non-zero values of the first conv layer's input for which, in training, its
   * currents and its weight gradient are computed from the non-zero values inside the scans ({@link
   * SparseConvInput}) rather than by {@code conv2d} and {@code conv2d_bp}; tests set 0 or 1 to
   * force one way.
   */
  private double sparseInputLimit = DEFAULT_SPARSE_INPUT_LIMIT;

  /**
   * DVS frames are a few per cent non-zero (5.6 % in the Fashion-MNIST recordings); at a quarter
   * the sparse weight gradient costs 9 multiply-adds per input value and output channel, about what
   * the dense {@code conv2d_bp} took per value on this machine.
   */
  static final double DEFAULT_SPARSE_INPUT_LIMIT = 0.25;

  /** Per-phase wall-clock times, or null (not timed). */
  private PhaseProfile profile;

  /**
   * A new network with {@link ModelParameters#initialise} weights (Xavier-uniform, gain 2) from
   * {@code seed}, γ = 1, μ = 0, σ² = 1.
   */
  public BnttNetwork(BatchNetworkConfig config, long seed) {
    this(config, ModelParameters.initialise(config.network(), seed));
  }

  /** A network holding {@code parameters} (which must belong to {@code config.network()}). */
  public BnttNetwork(BatchNetworkConfig config, ModelParameters parameters) {
    if (!parameters.config().equals(config.network())) {
      throw new IllegalArgumentException(
          "parameters are for " + parameters.config() + ", not " + config.network());
    }
    this.config = config;
    DataType dt = config.dataType();
    int t = config.timesteps();
    for (LayerShape shape : config.network().layerShapes()) {
      switch (shape.kind()) {
        case CONV3X3 -> {
          INDArray weight = Nd4j.create(dt, 3, 3, shape.inChannels(), shape.outChannels());
          WeightStage s =
              new WeightStage(
                  shape.weightIndex(),
                  true,
                  shape.inChannels(),
                  shape.inHeight(),
                  shape.inWidth(),
                  shape.outChannels(),
                  weight,
                  t,
                  dt);
          register(s);
          stages.add(s);
        }
        case AVG_POOL ->
            stages.add(
                new PoolStage(
                    stages.size(),
                    shape.inChannels(),
                    shape.inHeight(),
                    shape.inWidth(),
                    shape.poolSize()));
        case LINEAR -> {
          int in = shape.inChannels() * shape.inHeight() * shape.inWidth();
          INDArray weight = Nd4j.create(dt, in, shape.outChannels());
          WeightStage s =
              new WeightStage(
                  shape.weightIndex(), false, in, 1, 1, shape.outChannels(), weight, t, dt);
          register(s);
          stages.add(s);
        }
      }
    }
    outputInFeatures = config.network().outputInFeatures();
    outputWeight = Nd4j.create(dt, outputInFeatures, config.classes());
    trainable.put(ModelParameters.OUTPUT_WEIGHT, outputWeight);
    importParameters(parameters);
  }

  private void register(WeightStage s) {
    String p = "layers." + s.index;
    trainable.put(p + ".weight", s.weight);
    trainable.put(p + ".bntt.gamma", s.gamma);
    buffers.put(p + ".bntt.runningMean", s.runningMean);
    buffers.put(p + ".bntt.runningVar", s.runningVar);
  }

  /**
   * A reusable array for {@code key}: the same one while the shape stays, contents undefined.
   * Results of one {@link #forward}/{@link #backward} live in these, so they are valid until the
   * next call.
   */
  private INDArray scratch(String key, long... shape) {
    INDArray a = scratch.get(key);
    if (a == null || !java.util.Arrays.equals(a.shape(), shape)) {
      a = Nd4j.createUninitialized(config.dataType(), shape, 'c');
      scratch.put(key, a);
    }
    return a;
  }

  public BatchNetworkConfig config() {
    return config;
  }

  /** Records the time of each phase of later passes into {@code profile} (null: off). */
  public void setProfile(PhaseProfile profile) {
    this.profile = profile;
  }

  /**
   * Sets {@link #DEFAULT_SPARSE_INPUT_LIMIT}'s value for this network (tests: 0 never, 1 always).
   */
  void setSparseInputLimit(double limit) {
    this.sparseInputLimit = limit;
  }

  /** Adds the time since {@code since} to {@code phase} when profiling; returns the time now. */
  long lap(String phase, long since) {
    long now = System.nanoTime();
    if (profile != null) {
      profile.add(phase, now - since);
    }
    return now;
  }

  /**
   * Trainable tensors by artifact name, in the internal layouts (live: the optimiser updates them
   * in place).
   */
  public Map<String, INDArray> trainableParameters() {
    return Collections.unmodifiableMap(trainable);
  }

  /** Running statistics by artifact name (live). */
  public Map<String, INDArray> runningStatistics() {
    return Collections.unmodifiableMap(buffers);
  }

  /**
   * Converts {@code [B, T, C, H, W]} frames (as the trainer produces them) to the t-major {@code
   * [T·B, C, H, W]} input of {@link #forward}.
   */
  public INDArray timeMajorInput(float[] frames, int batch) {
    int t = config.timesteps();
    int chw = config.inChannels() * config.height() * config.width();
    if (frames.length != (long) batch * t * chw) {
      throw new IllegalArgumentException(
          "frames has "
              + frames.length
              + " values, expected B*T*C*H*W = "
              + batch
              + "*"
              + t
              + "*"
              + chw);
    }
    INDArray in =
        Nd4j.create(
            config.dataType(),
            (long) t * batch,
            config.inChannels(),
            config.height(),
            config.width());
    Vec v = Vec.of(in);
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < t; s++) {
        int from = (b * t + s) * chw; // [B, T, ...] row b*T + s
        int to = (s * batch + b) * chw; // t-major row s*B + b
        v.write(to, frames, from, chw); // one bulk copy per frame
      }
    }
    return in;
  }

  /**
   * Runs a window.
   *
   * @param input t-major {@code [T·B, C, H, W]} (see {@link #timeMajorInput})
   * @param batch B
   */
  public Pass forward(INDArray input, int batch, Mode mode) {
    return forward(input, batch, mode, false);
  }

  /**
   * Runs a window.
   *
   * @param input t-major {@code [T·B, C, H, W]} (see {@link #timeMajorInput})
   * @param batch B
   * @param keepSpikes also store full-resolution spikes of layers followed by pooling (for {@link
   *     Pass#layerSpikes()}); off, those are pooled on the fly and never stored
   */
  public Pass forward(INDArray input, int batch, Mode mode, boolean keepSpikes) {
    int t = config.timesteps();
    long[] expected = {(long) t * batch, config.inChannels(), config.height(), config.width()};
    if (!java.util.Arrays.equals(input.shape(), expected)) {
      throw new IllegalArgumentException(
          "input shape "
              + java.util.Arrays.toString(input.shape())
              + ", expected "
              + java.util.Arrays.toString(expected));
    }
    List<Object> caches = new ArrayList<>();
    INDArray act = input;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      if (stage instanceof WeightStage s) {
        // a pool right after a weight layer is fused into its scan
        PoolStage next =
            i + 1 < stages.size() && stages.get(i + 1) instanceof PoolStage p ? p : null;
        Cache cache = s.forward(act, batch, mode, next, keepSpikes);
        caches.add(cache);
        if (next != null) {
          caches.add(cache.spikeShape);
          act = cache.pooled;
          i++;
        } else {
          act = cache.spikes;
        }
      } else if (stage instanceof PoolStage p) {
        caches.add(act.shape());
        long start = System.nanoTime();
        act = p.forward(act, t * batch);
        lap("pool" + p.id + " forward", start);
      }
    }
    long start = System.nanoTime();
    INDArray last = act.reshape((long) t * batch, outputInFeatures);
    INDArray perStep = last.mmul(outputWeight); // [T*B, K]
    lap("output forward", start);
    return new Pass(batch, mode, input, caches, last, perStep);
  }

  /**
   * Backpropagation through time from the gradient of the loss with respect to the final logits
   * ({@code [B, K]}, i.e. the 1/T mean over all steps). Needs a {@link Mode#TRAIN} pass.
   *
   * @return gradients by artifact name, in the internal layouts of {@link #trainableParameters()}
   */
  public Map<String, INDArray> backward(Pass pass, INDArray gradLogits) {
    if (pass.mode != Mode.TRAIN) {
      throw new IllegalArgumentException("backward needs a TRAIN pass, got " + pass.mode);
    }
    int t = config.timesteps();
    int batch = pass.batch;
    double invT = 1.0 / t;
    Map<String, INDArray> grads = new LinkedHashMap<>();
    long start = System.nanoTime();
    // logits = (1/T) Σ_t s_L[t] W_out: dW_out = (Σ_t s_L[t])^T g / T, ds_L[t] = g W_out^T / T
    INDArray sumSpikes = pass.lastSpikes.reshape(t, (long) batch * outputInFeatures).sum(0);
    sumSpikes = sumSpikes.reshape(batch, outputInFeatures);
    grads.put("output.weight", sumSpikes.transpose().mmul(gradLogits).muli(invT));
    INDArray perSample = gradLogits.mmul(outputWeight.transpose()).muli(invT); // [B, F]
    INDArray grad = Nd4j.create(config.dataType(), t, (long) batch * outputInFeatures);
    grad.addiRowVector(perSample.reshape(1, (long) batch * outputInFeatures));
    lap("output backward", start);
    for (int i = stages.size() - 1; i >= 0; i--) {
      Stage stage = stages.get(i);
      Object cache = pass.caches.get(i);
      if (stage instanceof PoolStage p && i > 0 && stages.get(i - 1) instanceof WeightStage s) {
        // forward fused this pool into the scan of s; so does backward
        i--;
        grad = s.backward((Cache) pass.caches.get(i), grad, p, batch, i > 0, grads);
      } else if (stage instanceof WeightStage s) {
        grad = s.backward((Cache) cache, grad, null, batch, i > 0, grads);
      } else if (stage instanceof PoolStage p) {
        long poolStart = System.nanoTime();
        grad = p.backward(grad, (long[]) cache, t * batch);
        lap("pool" + p.id + " backward", poolStart);
      }
    }
    return grads;
  }

  /** The current tensors as {@link ModelParameters} (float32, artifact layouts). */
  public ModelParameters exportParameters() {
    Map<String, float[]> flat = new LinkedHashMap<>();
    exportTensors().forEach((k, v) -> flat.put(k, v.castTo(DataType.FLOAT).data().asFloat()));
    return ModelParameters.of(config.network(), flat);
  }

  /** Replaces all tensors with {@code parameters} (of the same network). */
  public void importParameters(ModelParameters parameters) {
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    for (String name : parameters.names()) {
      int[] shape = parameters.shape(name);
      long[] lshape = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        lshape[i] = shape[i];
      }
      tensors.put(
          name,
          Nd4j.createFromArray(parameters.tensor(name)).reshape(lshape).castTo(config.dataType()));
    }
    importTensors(tensors);
  }

  /** Tensors in the artifact layouts (DESIGN section 9): copies, float32 or the config type. */
  public Map<String, INDArray> exportTensors() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Stage stage : stages) {
      if (stage instanceof WeightStage s) {
        String p = "layers." + s.index;
        out.put(
            p + ".weight",
            s.conv ? s.weight.permute(3, 2, 0, 1).dup('c') : s.weight.transpose().dup('c'));
        out.put(p + ".bntt.gamma", s.gamma.dup('c'));
        out.put(p + ".bntt.runningMean", s.runningMean.dup('c'));
        out.put(p + ".bntt.runningVar", s.runningVar.dup('c'));
      }
    }
    out.put("output.weight", outputWeight.transpose().dup('c'));
    return out;
  }

  /**
   * Replaces all tensors with artifact-layout ones (as {@link #exportTensors()} gives).
   *
   * @throws IllegalArgumentException naming a missing tensor or a wrong shape
   */
  public void importTensors(Map<String, INDArray> tensors) {
    Map<String, INDArray> current = exportTensors();
    for (Map.Entry<String, INDArray> e : current.entrySet()) {
      INDArray src = tensors.get(e.getKey());
      if (src == null) {
        throw new IllegalArgumentException("missing tensor " + e.getKey());
      }
      if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " has shape "
                + java.util.Arrays.toString(src.shape())
                + ", expected "
                + java.util.Arrays.toString(e.getValue().shape()));
      }
    }
    for (Stage stage : stages) {
      if (stage instanceof WeightStage s) {
        String p = "layers." + s.index;
        INDArray wt = tensors.get(p + ".weight").castTo(config.dataType());
        s.weight.assign(s.conv ? wt.permute(2, 3, 1, 0) : wt.transpose());
        s.gamma.assign(tensors.get(p + ".bntt.gamma"));
        s.runningMean.assign(tensors.get(p + ".bntt.runningMean"));
        s.runningVar.assign(tensors.get(p + ".bntt.runningVar"));
      }
    }
    outputWeight.assign(tensors.get("output.weight").castTo(config.dataType()).transpose());
  }

  /** Result of {@link #forward}: logits and, in training, what backward needs. */
  public static final class Pass {
    private final int batch;
    private final Mode mode;
    private final INDArray input;
    private final List<Object> caches;
    private final INDArray lastSpikes;
    private final INDArray perStepOutput;

    Pass(
        int batch,
        Mode mode,
        INDArray input,
        List<Object> caches,
        INDArray lastSpikes,
        INDArray perStepOutput) {
      this.batch = batch;
      this.mode = mode;
      this.input = input;
      this.caches = caches;
      this.lastSpikes = lastSpikes;
      this.perStepOutput = perStepOutput;
    }

    public int batch() {
      return batch;
    }

    /** The input the pass ran on. */
    public INDArray input() {
      return input;
    }

    /** Final logits {@code [B, K]}: the mean of {@code W_out s_L[t]} over all T steps. */
    public INDArray logits() {
      long t = perStepOutput.size(0) / batch;
      return perStepOutput.reshape(t, batch, perStepOutput.size(1)).mean(0);
    }

    /**
     * Running-mean logits after every step, {@code [B][T][K]} flattened: entry {@code (b, t, k)} is
     * {@code (1/(t+1)) Σ_{j≤t} (W_out s_L[j])_k} (DESIGN section 9).
     */
    public double[] stepLogits() {
      int k = (int) perStepOutput.size(1);
      int t = (int) (perStepOutput.size(0) / batch);
      double[] z = perStepOutput.dup('c').data().asDouble();
      double[] out = new double[batch * t * k];
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < k; j++) {
          double sum = 0;
          for (int s = 0; s < t; s++) {
            sum += z[(s * batch + b) * k + j];
            out[(b * t + s) * k + j] = sum / (s + 1);
          }
        }
      }
      return out;
    }

    /**
     * Spikes of every weight layer, t-major {@code [T·B, C, H, W]} or {@code [T·B, F]}, in layer
     * order (for parity tests and spike-rate statistics); layers followed by pooling only when the
     * pass ran with {@code keepSpikes} (else null).
     */
    public List<INDArray> layerSpikes() {
      List<INDArray> out = new ArrayList<>();
      for (Object c : caches) {
        if (c instanceof Cache cache) {
          out.add(cache.spikes);
        }
      }
      return out;
    }
  }

  private sealed interface Stage permits WeightStage, PoolStage {}

  /** What a weight layer keeps from forward for backward. */
  private record Cache(
      INDArray input,
      INDArray current,
      INDArray membrane,
      INDArray spikes,
      long[] spikeShape,
      INDArray pooled,
      double[] mean,
      double[] invStd,
      SparseConvInput sparseInput) {}

  /** A conv or linear layer followed by BNTT and LIF. */
  private final class WeightStage implements Stage {
    final int index;
    final boolean conv;
    final int inChannels;
    final int height;
    final int width;
    final int outChannels;
    final INDArray weight;
    final INDArray gamma;
    final INDArray runningMean;
    final INDArray runningVar;

    WeightStage(
        int index,
        boolean conv,
        int inChannels,
        int height,
        int width,
        int outChannels,
        INDArray weight,
        int t,
        DataType dt) {
      this.index = index;
      this.conv = conv;
      this.inChannels = inChannels;
      this.height = height;
      this.width = width;
      this.outChannels = outChannels;
      this.weight = weight;
      this.gamma = Nd4j.ones(dt, t, outChannels);
      this.runningMean = Nd4j.zeros(dt, t, outChannels);
      this.runningVar = Nd4j.ones(dt, t, outChannels);
    }

    private LifBnttScan scan(int batch) {
      return new LifBnttScan(
          config.timesteps(),
          batch,
          outChannels,
          height * width,
          config.leak(),
          config.threshold(),
          config.bnEps(),
          config.spikeFunction(),
          config.resetGradient());
    }

    Cache forward(INDArray act, int batch, Mode mode, PoolStage pool, boolean keepSpikes) {
      long rows = (long) config.timesteps() * batch;
      INDArray in;
      INDArray current;
      String key = "layers." + index;
      long start = System.nanoTime();
      // the first conv layer in training: I from its sparse input inside the scan
      SparseConvInput sparse = null;
      if (conv && index == 0 && mode == Mode.TRAIN) {
        sparse = SparseConvInput.of(Vec.of(act), (int) rows, inChannels, height, width);
        if (sparseInputLimit <= 0 || sparse.density() > sparseInputLimit) {
          sparse = null;
        }
      }
      if (conv) {
        in = act;
        current = scratch(key + ".current", rows, outChannels, height, width);
        if (sparse == null) {
          ConvOps.forward(in, weight, current);
        }
      } else {
        in = act.reshape(rows, inChannels);
        current = scratch(key + ".current", rows, outChannels);
        Nd4j.gemm(in, weight, current, false, false, 1.0, 0.0);
      }
      start = lap(key + (conv ? " conv" : " linear") + " forward", start);
      long[] spikeShape = current.shape();
      INDArray spikes = pool == null || keepSpikes ? scratch(key + ".spikes", spikeShape) : null;
      INDArray pooled = null;
      LifBnttScan.PoolTarget target = null;
      if (pool != null) {
        pooled =
            scratch(
                "pool" + pool.id + ".out",
                rows,
                outChannels,
                height / pool.size,
                width / pool.size);
        target = new LifBnttScan.PoolTarget(pool.size, height, width, Vec.of(pooled));
      }
      Vec spikesVec = spikes == null ? null : Vec.of(spikes);
      LifBnttScan scan = scan(batch);
      if (mode == Mode.TRAIN) {
        INDArray membrane = scratch(key + ".membrane", spikeShape);
        double[] mean = new double[config.timesteps() * outChannels];
        double[] invStd = new double[mean.length];
        scan.forwardTrain(
            Vec.of(current),
            Vec.of(gamma),
            Vec.of(runningMean),
            Vec.of(runningVar),
            config.bnMomentum(),
            Vec.of(membrane),
            spikesVec,
            target,
            mean,
            invStd,
            sparse,
            sparse == null ? null : Vec.of(weight));
        lap(key + " scan forward", start);
        return new Cache(in, current, membrane, spikes, spikeShape, pooled, mean, invStd, sparse);
      }
      scan.forwardEval(
          Vec.of(current),
          Vec.of(gamma),
          Vec.of(runningMean),
          Vec.of(runningVar),
          spikesVec,
          target);
      lap(key + " scan forward", start);
      return new Cache(in, null, null, spikes, spikeShape, pooled, null, null, null);
    }

    /**
     * @param gradOut ∂L/∂s (any shape with the spikes' length), or with {@code pool} ∂L/∂(pooled s)
     *     of that pool
     * @param pool the pooling that followed this layer's spikes (fused into the scan), or null
     * @param needInputGrad whether ∂L/∂input is wanted (false for the first layer)
     * @return ∂L/∂input or null
     */
    INDArray backward(
        Cache cache,
        INDArray gradOut,
        PoolStage pool,
        int batch,
        boolean needInputGrad,
        Map<String, INDArray> grads) {
      String p = "layers." + index;
      long start = System.nanoTime();
      INDArray g = gradOut.reshape(pool == null ? cache.spikeShape : cache.pooled.shape());
      if (g.offset() != 0 || g.ordering() != 'c') {
        g = g.dup('c');
      }
      // the first conv layer's weight gradient from its sparse input, inside the scan: no ∂L/∂I
      SparseConvInput sparse = needInputGrad ? null : cache.sparseInput;
      INDArray gradW =
          sparse == null ? null : Nd4j.createUninitialized(config.dataType(), weight.shape(), 'c');
      INDArray gradCurrent =
          pool == null ? g : sparse != null ? null : scratch(p + ".gradCurrent", cache.spikeShape);
      INDArray gammaGrad = Nd4j.create(config.dataType(), gamma.shape());
      scan(batch)
          .backward(
              Vec.of(cache.current),
              Vec.of(gamma),
              cache.mean,
              cache.invStd,
              Vec.of(cache.membrane),
              pool == null ? Vec.of(g) : null,
              pool == null ? null : new LifBnttScan.PoolTarget(pool.size, height, width, Vec.of(g)),
              gradCurrent == null ? null : Vec.of(gradCurrent),
              Vec.of(gammaGrad),
              sparse,
              gradW == null ? null : Vec.of(gradW));
      start = lap(p + " scan backward", start);
      grads.put(p + ".bntt.gamma", gammaGrad);
      if (gradW != null) {
        grads.put(p + ".weight", gradW);
        return null;
      }
      g = gradCurrent;
      if (conv) {
        INDArray gradIn = scratch(p + ".gradIn", cache.input.shape());
        INDArray convGradW = Nd4j.createUninitialized(config.dataType(), weight.shape(), 'c');
        ConvOps.backward(cache.input, weight, g, gradIn, convGradW);
        grads.put(p + ".weight", convGradW);
        lap(p + " conv backward", start);
        return needInputGrad ? gradIn : null;
      }
      grads.put(p + ".weight", Nd4j.gemm(cache.input, g, true, false));
      if (!needInputGrad) {
        lap(p + " linear backward", start);
        return null;
      }
      INDArray gradIn = scratch(p + ".gradIn", cache.input.shape());
      Nd4j.gemm(g, weight, gradIn, false, true, 1.0, 0.0);
      lap(p + " linear backward", start);
      return gradIn;
    }
  }

  /** Average pooling of spikes. */
  private final class PoolStage implements Stage {
    final int channels;
    final int height;
    final int width;
    final int size;

    final int id;

    PoolStage(int id, int channels, int height, int width, int size) {
      this.id = id;
      this.channels = channels;
      this.height = height;
      this.width = width;
      this.size = size;
    }

    INDArray forward(INDArray act, int rows) {
      AvgPoolKernel k = new AvgPoolKernel(rows * channels, height, width, size);
      INDArray out = scratch("pool" + id + ".out", rows, channels, k.outHeight(), k.outWidth());
      k.forward(Vec.of(act), Vec.of(out));
      return out;
    }

    INDArray backward(INDArray gradOut, long[] inShape, int rows) {
      AvgPoolKernel k = new AvgPoolKernel(rows * channels, height, width, size);
      INDArray g = gradOut.ordering() == 'c' && gradOut.offset() == 0 ? gradOut : gradOut.dup('c');
      INDArray gradIn = scratch("pool" + id + ".gradIn", inShape);
      k.backward(Vec.of(g), Vec.of(gradIn));
      return gradIn;
    }
  }
}
