package io.spikestream.snn.infer;

import io.spikestream.snn.model.LayerKind;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.List;

/**
 * The event-driven BNTT inference kernel (DESIGN section 7), one sensor at a time on plain Java
 * arrays. Immutable parameters, pre-transposed so that every non-zero input adds one contiguous run
 * of weights over the output channels; the per-window state lives in a {@link NetworkState}.
 *
 * <p>Per weight layer {@code l} and timestep {@code t}:
 *
 * <pre>
 * I      = W_l * s_{l-1}[t]                               (conv 3x3 padding 1, or linear; no bias)
 * u_l[t] = λ u_l[t-1] + γ_l[t] (I − μ_l[t]) / sqrt(σ²_l[t] + ε)       (BNTT, running statistics)
 * s_l[t] = H(u_l[t] − θ)                                              (strict &gt;)
 * u_l[t] ← u_l[t] − θ s_l[t]                                          (soft reset)
 * </pre>
 *
 * Pooling averages spikes (sum / size², odd sizes floored); the output layer accumulates {@code
 * W_out s[t]} and the logits after step t are the mean so far (DESIGN section 9). Binary inputs
 * (spikes, binary frames) are added without a multiplication; pooled or count inputs take one.
 *
 * <p>{@link #step} allocates nothing. Thread-safe: share one instance across sensors, one state
 * each.
 */
public final class EventDrivenNetwork {

  private final NetworkConfig config;
  private final List<LayerShape> layers;

  /**
   * Per hidden layer, transposed weights as rows over the output channels: conv {@code [in*9][out]}
   * (row {@code (c*3 + ky)*3 + kx}), linear {@code [in][out]}; null for pooling.
   */
  private final float[][][] weightT;

  /** Per hidden layer: BNTT scale {@code γ[t] / sqrt(σ²[t] + ε)} as {@code [T][C]}. */
  private final float[][][] bnScale;

  /** Per hidden layer: running mean {@code μ[t]} as {@code [T][C]}. */
  private final float[][][] bnMean;

  /** Output weight transposed, {@code [in][classes]}. */
  private final float[][] outputT;

  /** Per conv layer: row and column of each input position {@code y*W + x}; else null. */
  private final int[][] positionRow;

  private final int[][] positionColumn;

  /** Per pool layer: pooled position of each input position, -1 where the floor crops it. */
  private final int[][] pooledPosition;

  private final float leak;
  private final float threshold;

  /** Builds the kernel from validated parameters. */
  public EventDrivenNetwork(ModelParameters parameters) {
    this.config = parameters.config();
    this.layers = config.layerShapes();
    this.leak = (float) config.leak();
    this.threshold = (float) config.threshold();
    int n = layers.size();
    weightT = new float[n][][];
    bnScale = new float[n][][];
    bnMean = new float[n][][];
    positionRow = new int[n][];
    positionColumn = new int[n][];
    pooledPosition = new int[n][];
    for (int k = 0; k < n; k++) {
      LayerShape s = layers.get(k);
      int inW = s.inWidth();
      int inHw = s.inHeight() * inW;
      if (s.kind() == LayerKind.CONV3X3) {
        positionRow[k] = new int[inHw];
        positionColumn[k] = new int[inHw];
        for (int p = 0; p < inHw; p++) {
          positionRow[k][p] = p / inW;
          positionColumn[k][p] = p % inW;
        }
      } else if (s.kind() == LayerKind.AVG_POOL) {
        pooledPosition[k] = new int[inHw];
        for (int p = 0; p < inHw; p++) {
          int py = p / inW / s.poolSize();
          int px = p % inW / s.poolSize();
          // Rows and columns beyond outHeight * size are dropped (floor, as AvgPool2d).
          pooledPosition[k][p] =
              py < s.outHeight() && px < s.outWidth() ? py * s.outWidth() + px : -1;
        }
      }
    }
    int timesteps = config.timesteps();
    for (int k = 0; k < n; k++) {
      LayerShape s = layers.get(k);
      if (!s.hasWeights()) {
        continue;
      }
      int i = s.weightIndex();
      float[] w = parameters.weight(i);
      int out = s.outChannels();
      if (s.kind() == LayerKind.CONV3X3) {
        int in = s.inChannels();
        float[][] rows = new float[in * 9][out];
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) {
            for (int kk = 0; kk < 9; kk++) {
              // PyTorch [out][in][ky][kx] -> [in][ky][kx][out]; kk = ky * 3 + kx in both.
              rows[c * 9 + kk][o] = w[(o * in + c) * 9 + kk];
            }
          }
        }
        weightT[k] = rows;
      } else {
        weightT[k] = transpose(w, out, s.inSize());
      }
      float[] gamma = parameters.gamma(i);
      float[] mean = parameters.runningMean(i);
      float[] var = parameters.runningVar(i);
      float[][] scale = new float[timesteps][out];
      float[][] mu = new float[timesteps][out];
      for (int t = 0; t < timesteps; t++) {
        for (int o = 0; o < out; o++) {
          int j = t * out + o;
          scale[t][o] = (float) (gamma[j] / Math.sqrt((double) var[j] + config.bnEps()));
          mu[t][o] = mean[j];
        }
      }
      bnScale[k] = scale;
      bnMean[k] = mu;
    }
    outputT = transpose(parameters.outputWeight(), config.classes(), config.outputInFeatures());
  }

  /** PyTorch {@code [rows][cols]} to rows over the output: {@code [cols][rows]}. */
  private static float[][] transpose(float[] w, int rows, int cols) {
    float[][] t = new float[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c][r] = w[r * cols + c];
      }
    }
    return t;
  }

  /** The network's shape and constants. */
  public NetworkConfig config() {
    return config;
  }

  /** A fresh, reset state for one window of one sensor. */
  public NetworkState newState() {
    return new NetworkState(config);
  }

  /**
   * Runs timestep {@code t} of the window held in {@code state}: the frame (flat {@code [C][H][W]},
   * as the binning produces it) goes through every hidden layer and the output layer; afterwards
   * {@link NetworkState#logits} holds the mean logits over steps {@code 0..t}.
   *
   * @param t the timestep, must equal {@code state.steps()} and be below T
   */
  public void step(NetworkState state, float[] frame, int t) {
    if (state.config != config) {
      if (!state.config.equals(config)) {
        throw new IllegalArgumentException("state belongs to another network: " + state.config);
      }
    }
    if (t != state.steps || t >= config.timesteps()) {
      throw new IllegalArgumentException(
          "timestep "
              + t
              + " out of order: state has run "
              + state.steps
              + " of "
              + config.timesteps()
              + " steps");
    }
    if (frame.length != config.frameSize()) {
      throw new IllegalArgumentException(
          "frame has " + frame.length + " values, expected " + config.frameSize());
    }
    gatherInput(state, frame);
    int weightLayer = 0;
    for (int k = 0; k < layers.size(); k++) {
      LayerShape s = layers.get(k);
      switch (s.kind()) {
        case CONV3X3 -> {
          convCurrent(state, k, s);
          state.spikeCounts[weightLayer++] = fire(state, k, s, t);
        }
        case LINEAR -> {
          linearCurrent(state, k);
          state.spikeCounts[weightLayer++] = fire(state, k, s, t);
        }
        case AVG_POOL -> pool(state, k, s);
      }
    }
    accumulateOutput(state);
    state.steps++;
  }

  /** Collects the non-zero pixels of the frame (index, value) into activity slot 0. */
  private void gatherInput(NetworkState state, float[] frame) {
    int[] idx = state.activeIndex[0];
    float[] val = state.activeValue[0];
    int[] chan = state.activeChannel[0];
    int[] posArr = state.activePosition[0];
    int hw = state.config.height() * state.config.width();
    int channels = state.config.inChannels();
    int n = 0;
    boolean binary = true;
    int i = 0;
    for (int c = 0; c < channels; c++) {
      for (int pos = 0; pos < hw; pos++, i++) {
        float v = frame[i];
        if (v != 0f) {
          idx[n] = i;
          val[n] = v;
          chan[n] = c;
          posArr[n] = pos;
          binary &= v == 1f;
          n++;
        }
      }
    }
    state.activeCount[0] = n;
    state.activeBinary[0] = binary;
  }

  /**
   * I = W * s for a 3x3 conv with padding 1, scattered from each active input into channel rows
   * (the rows were zeroed by the previous fire pass).
   */
  private void convCurrent(NetworkState state, int k, LayerShape s) {
    float[][] cur = state.current[k];
    float[][] w = weightT[k];
    int[] chan = state.activeChannel[k];
    int[] posArr = state.activePosition[k];
    float[] val = state.activeValue[k];
    int n = state.activeCount[k];
    boolean binary = state.activeBinary[k];
    int h = s.inHeight();
    int wd = s.inWidth();
    int[] rowOf = positionRow[k];
    int[] colOf = positionColumn[k];
    for (int j = 0; j < n; j++) {
      int c = chan[j];
      int y = rowOf[posArr[j]];
      int x = colOf[posArr[j]];
      float v = val[j];
      // Input (y, x) feeds output (y - ky + 1, x - kx + 1) through kernel tap (ky, kx).
      int kyFrom = y == h - 1 ? 1 : 0;
      int kyTo = y == 0 ? 1 : 2;
      int kxFrom = x == wd - 1 ? 1 : 0;
      int kxTo = x == 0 ? 1 : 2;
      for (int ky = kyFrom; ky <= kyTo; ky++) {
        int oy = y - ky + 1;
        for (int kx = kxFrom; kx <= kxTo; kx++) {
          float[] dst = cur[oy * wd + x - kx + 1];
          float[] src = w[(c * 3 + ky) * 3 + kx];
          if (binary) {
            addRow(dst, src);
          } else {
            addScaledRow(dst, src, v);
          }
        }
      }
    }
  }

  /** dst += src; both at offset 0 so that the JIT vectorises it. */
  private static void addRow(float[] dst, float[] src) {
    for (int o = 0; o < dst.length; o++) {
      dst[o] += src[o];
    }
  }

  /** dst += v * src; both at offset 0 so that the JIT vectorises it. */
  private static void addScaledRow(float[] dst, float[] src, float v) {
    for (int o = 0; o < dst.length; o++) {
      dst[o] += v * src[o];
    }
  }

  /**
   * BNTT + LIF + soft reset over a layer's channel rows; emits spikes in (C, H, W) order and zeroes
   * the currents for the next step.
   */
  private int fire(NetworkState state, int k, LayerShape s, int t) {
    float[][] cur = state.current[k];
    float[][] mem = state.membrane[k];
    int hw = cur.length;
    float[] scale = bnScale[k][t];
    float[] mean = bnMean[k][t];
    int[] outIdx = state.activeIndex[k + 1];
    int[] outChan = state.activeChannel[k + 1];
    int[] outPos = state.activePosition[k + 1];
    int n = 0;
    float lambda = leak;
    float theta = threshold;
    for (int pos = 0; pos < hw; pos++) {
      float[] m = mem[pos];
      float[] c = cur[pos];
      for (int o = 0; o < m.length; o++) {
        m[o] = lambda * m[o] + scale[o] * (c[o] - mean[o]);
        c[o] = 0f;
      }
      for (int o = 0; o < m.length; o++) {
        if (m[o] > theta) {
          m[o] -= theta;
          outChan[n] = o;
          outPos[n] = pos;
          outIdx[n++] = o * hw + pos;
        }
      }
    }
    state.activeCount[k + 1] = n;
    state.activeBinary[k + 1] = true;
    fillOnes(state.activeValue[k + 1], n);
    return n;
  }

  /** I = W s for a linear layer, scattered from each active input. */
  private void linearCurrent(NetworkState state, int k) {
    float[] cur = state.current[k][0];
    float[][] w = weightT[k];
    int[] idx = state.activeIndex[k];
    float[] val = state.activeValue[k];
    int n = state.activeCount[k];
    if (state.activeBinary[k]) {
      for (int j = 0; j < n; j++) {
        addRow(cur, w[idx[j]]);
      }
    } else {
      for (int j = 0; j < n; j++) {
        addScaledRow(cur, w[idx[j]], val[j]);
      }
    }
  }

  private static void fillOnes(float[] values, int n) {
    for (int j = 0; j < n; j++) {
      values[j] = 1f;
    }
  }

  /** Average pooling of the active inputs, (C, H, W) in and out; floors odd sizes. */
  private void pool(NetworkState state, int k, LayerShape s) {
    float[] sum = state.poolSum[k];
    int[] chan = state.activeChannel[k];
    int[] posArr = state.activePosition[k];
    float[] val = state.activeValue[k];
    int n = state.activeCount[k];
    int[] outIdx = state.activeIndex[k + 1];
    int[] outChan = state.activeChannel[k + 1];
    int[] outPos = state.activePosition[k + 1];
    float[] outVal = state.activeValue[k + 1];
    int p = s.poolSize();
    int ohw = s.outHeight() * s.outWidth();
    int[] pooled = pooledPosition[k];
    int m = 0;
    for (int j = 0; j < n; j++) {
      int q = pooled[posArr[j]];
      if (q < 0) {
        continue;
      }
      int dst = chan[j] * ohw + q;
      if (sum[dst] == 0f) {
        outChan[m] = chan[j];
        outPos[m] = q;
        outIdx[m++] = dst;
      }
      sum[dst] += val[j];
    }
    float area = p * p;
    for (int j = 0; j < m; j++) {
      int dst = outIdx[j];
      outVal[j] = sum[dst] / area;
      sum[dst] = 0f;
    }
    state.activeCount[k + 1] = m;
    state.activeBinary[k + 1] = false;
  }

  /** Σ W_out s[t] into the running logit sum. */
  private void accumulateOutput(NetworkState state) {
    int last = layers.size();
    int[] idx = state.activeIndex[last];
    float[] val = state.activeValue[last];
    int n = state.activeCount[last];
    int classes = config.classes();
    double[] sum = state.logitSum;
    boolean binary = state.activeBinary[last];
    for (int j = 0; j < n; j++) {
      float[] row = outputT[idx[j]];
      double v = binary ? 1.0 : val[j];
      for (int c = 0; c < classes; c++) {
        sum[c] += v * row[c];
      }
    }
  }

  /**
   * Runs a whole window from a reset state and records every step (allocates; for evaluation and
   * tests). {@code frames[t]} is the flat {@code [C][H][W]} frame of timestep t; fewer than T
   * frames run fewer steps.
   */
  public WindowTrace run(float[][] frames, boolean keepSpikesAndMembranes) {
    NetworkState state = newState();
    return run(state, frames, keepSpikesAndMembranes);
  }

  /** As {@link #run(float[][], boolean)}, reusing {@code state} (reset first). */
  public WindowTrace run(NetworkState state, float[][] frames, boolean keepSpikesAndMembranes) {
    if (frames.length > config.timesteps()) {
      throw new IllegalArgumentException(
          "window has " + frames.length + " frames, network runs at most " + config.timesteps());
    }
    state.reset();
    int steps = frames.length;
    int weightLayers = state.spikeCounts.length;
    double[][] logits = new double[steps][];
    int[][] counts = new int[steps][];
    int[][] inputs = new int[steps][weightLayers + 1];
    float[][][] spikes = keepSpikesAndMembranes ? new float[steps][weightLayers][] : null;
    float[][][] membranes = keepSpikesAndMembranes ? new float[steps][weightLayers][] : null;
    for (int t = 0; t < steps; t++) {
      step(state, frames[t], t);
      logits[t] = state.logits();
      counts[t] = state.spikeCounts();
      for (int i = 0; i <= weightLayers; i++) {
        inputs[t][i] = state.activeInputs(i);
      }
      if (keepSpikesAndMembranes) {
        for (int i = 0; i < weightLayers; i++) {
          spikes[t][i] = state.spikes(i);
          membranes[t][i] = state.membrane(i);
        }
      }
    }
    return new WindowTrace(logits, counts, inputs, spikes, membranes);
  }
}
