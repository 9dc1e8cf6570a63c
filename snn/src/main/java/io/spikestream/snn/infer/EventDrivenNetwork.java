package io.spikestream.snn.infer;

import io.spikestream.snn.model.LayerKind;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Arrays;
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
 * W_out s[t]} and the logits after step t are the mean so far (DESIGN section 9). Only non-zero
 * inputs add weights (position-major sparse activity, see {@link NetworkState}): the first conv
 * layer scatters each active input into its output rows through row-replicated weights, the other
 * conv layers gather per output position the weight rows of the active inputs in its 3x3
 * neighbourhood, scaled by the input value (1 for spikes, exact). A conv layer works row by row: an
 * output row fires as soon as its currents are complete, and its spikes go straight into the
 * pooling that follows, so that the currents, spikes and pooled sums of a row are still in L1 when
 * read again.
 *
 * <p>On a JVM started with {@code --add-modules jdk.incubator.vector} (the launcher, the tests and
 * the container do) the inner loops run on the Vector API where the widths allow ({@link
 * #vectorAvailable}, {@link RowKernels}): a gathering layer with a multiple of 64 output channels
 * sums its rows 64 at a time in registers, reading the slot in place; a conv layer with a multiple
 * of 8 channels followed by pooling fires into the pooling row without storing its spikes (unless
 * the state {@link NetworkState#keepSpikes keeps them}) and pools 2x2 eight channels at a time.
 * Elsewhere, conv neurons integrate a whole padded row in one loop that C2 vectorises, with the
 * BNTT constants laid along the row, and gathered rows are summed four per pass.
 *
 * <p>{@link #step} allocates nothing. Thread-safe: share one instance across sensors, one state
 * each.
 */
public final class EventDrivenNetwork {

  private final NetworkConfig config;
  private final List<LayerShape> layers;

  /**
   * Per hidden layer, transposed weights as rows over the output channels: conv {@code [in*9][out]}
   * (row {@code (c*3 + ky)*3 + kx}), linear {@code [P*C][out]} in position-major input order (row
   * {@code p*C + c}); null for pooling and for the conv layers of {@link #flatWeights}.
   */
  private final float[][][] weightT;

  /** Per hidden layer: BNTT scale {@code γ[t] / sqrt(σ²[t] + ε)} as {@code [T][C]}. */
  private final float[][][] bnScale;

  /** Per hidden layer: running mean {@code μ[t]} as {@code [T][C]}. */
  private final float[][][] bnMean;

  /** Output weight as rows {@code [P*C][classes]}, position-major like the linear layers. */
  private final float[][] outputT;

  /**
   * Per scattering conv layer ({@link NetworkState#scatters}): the weights replicated along a
   * padded output row, {@code [(phase*in + c)*3 + ky][(W+2)*out]}; else null. An input at column x
   * (phase x mod 3) feeds output columns x−1, x, x+1, i.e. padded columns x..x+2 through taps kx =
   * 2, 1, 0; the table of its phase holds exactly those taps there, so the input adds one
   * contiguous run of 3*out weights at the very indices of the output row it updates.
   */
  private final float[][][] rowWeights;

  /** Per conv layer: {@link #bnScale} and {@link #bnMean} along a padded row, [T][(W+2)*C]. */
  private final float[][][] rowScale;

  private final float[][][] rowMean;

  /** Per layer: a conv layer that scatters its inputs ({@link NetworkState#scatters}). */
  private final boolean[] scatters;

  private final float leak;
  private final float threshold;

  /** The Vector API inner loops, or null: the scalar path. */
  private final RowKernels vector;

  /**
   * Per gathering conv layer on the {@link #vector} path: {@link #weightT} in one flat array,
   * {@code [in*9][out]}; else null.
   */
  private final float[][] flatWeights;

  /** The Vector API inner loops this JVM can run, or null (see {@link #vectorAvailable}). */
  private static final RowKernels VECTOR = loadVectorKernels();

  /** Property that turns the Vector API path off ({@code -Dspikestream.vector=false}). */
  public static final String VECTOR_PROPERTY = "spikestream.vector";

  /**
   * Builds the kernel from validated parameters, on the Vector API where this JVM has it ({@link
   * #vectorAvailable}).
   */
  public EventDrivenNetwork(ModelParameters parameters) {
    this(parameters, true);
  }

  /**
   * Builds the kernel from validated parameters.
   *
   * @param vector whether gathering conv layers may use the Vector API (when {@link
   *     #vectorAvailable}); false always takes the scalar path
   */
  public EventDrivenNetwork(ModelParameters parameters, boolean vector) {
    this.vector = vector ? VECTOR : null;
    this.config = parameters.config();
    this.layers = config.layerShapes();
    this.leak = (float) config.leak();
    this.threshold = (float) config.threshold();
    int n = layers.size();
    weightT = new float[n][][];
    bnScale = new float[n][][];
    bnMean = new float[n][][];
    rowWeights = new float[n][][];
    rowScale = new float[n][][];
    rowMean = new float[n][][];
    scatters = new boolean[n];
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
        weightT[k] = positionMajorRows(w, out, s.inChannels(), s.inHeight() * s.inWidth());
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
      if (s.kind() == LayerKind.CONV3X3) {
        rowScale[k] = alongPaddedRow(scale, s.outWidth());
        rowMean[k] = alongPaddedRow(mu, s.outWidth());
        if (NetworkState.scatters(s)) {
          scatters[k] = true;
          rowWeights[k] = replicatedRows(w, s);
        }
      }
    }
    flatWeights = new float[n][];
    for (int k = 0; k < n; k++) {
      LayerShape s = layers.get(k);
      if (this.vector != null
          && s.kind() == LayerKind.CONV3X3
          && !scatters[k]
          && s.outChannels() % RowKernels.WIDTH == 0) {
        float[][] rows = weightT[k];
        int out = s.outChannels();
        float[] flat = new float[rows.length * out];
        for (int r = 0; r < rows.length; r++) {
          System.arraycopy(rows[r], 0, flat, r * out, out);
        }
        flatWeights[k] = flat;
        weightT[k] = null; // the flat copy replaces the rows
      }
    }
    LayerShape last = layers.get(n - 1);
    int lastPositions = last.outHeight() * last.outWidth();
    outputT =
        positionMajorRows(
            parameters.outputWeight(),
            config.classes(),
            config.outputInFeatures() / lastPositions,
            lastPositions);
  }

  /**
   * Whether this JVM can run the kernel's inner loops on the Vector API ({@link RowKernels}): it
   * was started with {@code --add-modules jdk.incubator.vector} and {@value #VECTOR_PROPERTY} is
   * not {@code false}. The two paths give the same spikes and logits up to float rounding (the
   * Vector API path adds gathered weight rows one fused multiply-add at a time, the scalar path
   * four rows per pass with the products rounded apart; firing and pooling round alike); each
   * equals the reference within the kernel's tolerances.
   */
  public static boolean vectorAvailable() {
    return VECTOR != null;
  }

  /**
   * Whether this kernel runs any of its loops on the Vector API: the row sums of gathering conv
   * layers with a multiple of 64 output channels, or the firing and 2x2 pooling of conv layers with
   * a multiple of 8 channels followed by pooling (when the state does not keep spikes).
   */
  public boolean vectorised() {
    if (vector == null) {
      return false;
    }
    for (int k = 0; k < layers.size(); k++) {
      if (flatWeights[k] != null
          || (pooledConv(k) && layers.get(k).outChannels() % RowKernels.LANES == 0)) {
        return true;
      }
    }
    return false;
  }

  private static RowKernels loadVectorKernels() {
    if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      return (RowKernels)
          Class.forName("io.spikestream.snn.infer.VectorRowKernels")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null; // a build without the class: the scalar path
    }
  }

  /**
   * A linear weight {@code [out][C*P]} (PyTorch, input flattened as (C, H, W)) as rows over the
   * outputs in position-major input order: row {@code p*C + c} holds the weights of input (c, p),
   * so that the gathered rows of position-major activity come in ascending memory order.
   */
  private static float[][] positionMajorRows(float[] w, int out, int channels, int positions) {
    float[][] rows = new float[channels * positions][out];
    int in = channels * positions;
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < positions; p++) {
          rows[p * channels + c][o] = w[o * in + c * positions + p];
        }
      }
    }
    return rows;
  }

  /** The weight tables of a row-mode conv layer (see {@link #rowWeights}). */
  private static float[][] replicatedRows(float[] w, LayerShape s) {
    int in = s.inChannels();
    int out = s.outChannels();
    int padded = s.inWidth() + 2;
    float[][] tables = new float[3 * in * 3][padded * out];
    for (int phase = 0; phase < 3; phase++) {
      for (int c = 0; c < in; c++) {
        for (int ky = 0; ky < 3; ky++) {
          float[] table = tables[(phase * in + c) * 3 + ky];
          for (int col = 0; col < padded; col++) {
            // For an input at column x = phase (mod 3), padded column col in x..x+2 is output
            // column col - 1 = x + 1 - kx, so kx = x + 2 - col = phase + 2 - col (mod 3).
            int kx = Math.floorMod(phase + 2 - col, 3);
            for (int o = 0; o < out; o++) {
              table[col * out + o] = w[((o * in + c) * 3 + ky) * 3 + kx];
            }
          }
        }
      }
    }
    return tables;
  }

  /**
   * Per-channel values {@code [T][C]} along a padded row of {@code width} columns, 0 on the pads.
   */
  private static float[][] alongPaddedRow(float[][] perChannel, int width) {
    float[][] rows = new float[perChannel.length][];
    for (int t = 0; t < perChannel.length; t++) {
      int c = perChannel[t].length;
      rows[t] = new float[(width + 2) * c];
      for (int x = 0; x < width; x++) {
        System.arraycopy(perChannel[t], 0, rows[t], (x + 1) * c, c);
      }
    }
    return rows;
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
    if (frame.length != config.frameSize()) {
      throw new IllegalArgumentException(
          "frame has " + frame.length + " values, expected " + config.frameSize());
    }
    step(state, frame, 0, t);
  }

  /**
   * As {@link #step(NetworkState, float[], int)} with the frame at {@code frames[offset .. offset +
   * C*H*W)}, so that a whole window or batch held in one array needs no copies.
   *
   * @param offset where the frame starts in {@code frames}
   */
  public void step(NetworkState state, float[] frames, int offset, int t) {
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
    if (offset < 0 || offset > frames.length - config.frameSize()) {
      throw new IllegalArgumentException(
          "frame offset "
              + offset
              + " does not leave "
              + config.frameSize()
              + " values in an array of "
              + frames.length);
    }
    state.keptSpikes = state.keepSpikes;
    long[] timing = state.layerNanos;
    long clock = timing == null ? 0 : System.nanoTime();
    gatherInput(state, frames, offset);
    if (timing != null) {
      clock = lap(timing, 0, clock);
    }
    int weightLayer = 0;
    for (int k = 0; k < layers.size(); k++) {
      LayerShape s = layers.get(k);
      switch (s.kind()) {
        case CONV3X3 -> state.spikeCounts[weightLayer++] = conv(state, k, s, t);
        case LINEAR -> state.spikeCounts[weightLayer++] = linear(state, k, t);
        case AVG_POOL -> {
          if (k == 0 || !pooledConv(k - 1)) {
            pool(state, k, s); // else the conv layer before pooled its rows as they fired
          }
        }
      }
      if (timing != null) {
        clock = lap(timing, k + 1, clock);
      }
    }
    accumulateOutput(state);
    if (timing != null) {
      lap(timing, layers.size() + 1, clock);
    }
    state.steps++;
  }

  /** Adds the time since {@code since} to {@code timing[stage]}; returns the time now. */
  private static long lap(long[] timing, int stage, long since) {
    long now = System.nanoTime();
    timing[stage] += now - since;
    return now;
  }

  /**
   * Collects the non-zero pixels of the frame ({@code [C][H][W]}) into slot 0, position-major: the
   * channels of position 0, then of position 1, ...
   */
  private static void gatherInput(NetworkState state, float[] frame, int offset) {
    int[] start = state.activeStart[0];
    int[] chan = state.activeChannel[0];
    float[] val = state.activeValue[0];
    int hw = state.slotPositions[0];
    int channels = state.config.inChannels();
    int n = 0;
    for (int pos = 0; pos < hw; pos++) {
      start[pos] = n;
      for (int c = 0, i = offset + pos; c < channels; c++, i += hw) {
        float v = frame[i];
        if (v != 0f) {
          chan[n] = c;
          val[n++] = v;
        }
      }
    }
    start[hw] = n;
    state.activeCount[0] = n;
  }

  /**
   * One 3x3 conv layer (padding 1) with its BNTT and LIF, row by row so that a row's currents,
   * spikes and pooled sums are still in L1 when the next stage reads them. Its input currents
   * {@code I = W * s} go into padded rows ({@link NetworkState#rowCurrent}), either scattered from
   * the active inputs of one input row ({@link #scatterRow}, first layers: output row y − 1 is
   * complete once input row y is in) or gathered per output position of one row ({@link
   * #gatherRow}); each complete row then fires ({@link #finishRow}): it integrates in one
   * vectorised pass ({@link #fireRows}: DESIGN section 7, {@code u = λu + γ(I − μ)/sqrt(σ² + ε)},
   * spike if {@code u > θ}, soft reset) with the BNTT constants laid along the row, and its spikes
   * go straight into the average pooling that follows ({@link #poolRow}, output in slot {@code k +
   * 2}) or are compacted into slot {@code k + 1}.
   */
  private int conv(NetworkState state, int k, LayerShape s, int t) {
    float[] scale = rowScale[k][t];
    float[] mean = rowMean[k][t];
    float[] sum = state.rowSpikeSum[k];
    Arrays.fill(sum, 0f);
    state.firedSpikes = 0;
    float[][] cur = state.rowCurrent[k];
    boolean pooled = pooledConv(k);
    int h = s.outHeight();
    int n = 0;
    if (scatters[k]) {
      for (int y = 0; y < h; y++) {
        scatterRow(state, k, s, y);
        if (y > 0) {
          n = finishRow(state, k, s, y - 1, cur[(y - 1) % 3], scale, mean, sum, pooled, n);
        }
      }
      n = finishRow(state, k, s, h - 1, cur[(h - 1) % 3], scale, mean, sum, pooled, n);
    } else {
      gatherKeys(state, k, s, flatWeights[k] != null ? s.outChannels() : 1);
      for (int oy = 0; oy < h; oy++) {
        gatherRow(state, k, s, oy, cur[0]);
        n = finishRow(state, k, s, oy, cur[0], scale, mean, sum, pooled, n);
      }
    }
    int slot = pooled ? k + 2 : k + 1;
    state.activeStart[slot][state.slotPositions[slot]] = n;
    int count = state.firedSpikes;
    for (float c : sum) {
      count += (int) c;
    }
    state.activeCount[k + 1] = count;
    if (pooled) {
      state.activeCount[k + 2] = n;
    }
    return count;
  }

  /** Whether hidden layer k is a conv layer followed by pooling (which it then runs itself). */
  private boolean pooledConv(int k) {
    return layers.get(k).kind() == LayerKind.CONV3X3
        && k + 1 < layers.size()
        && layers.get(k + 1).kind() == LayerKind.AVG_POOL;
  }

  /**
   * Fires the complete current row of output row y of conv layer k, which clears it, then hands its
   * spikes on: added into the pooling row of the pooling layer k + 1, which is scanned once its
   * last row is in ({@link #poolRow}; rows past the floored output are dropped), or compacted into
   * slot k + 1 ({@link #compactRow}). On the Vector API, unless the state keeps its spikes ({@link
   * NetworkState#keepSpikes}), a pooled row fires straight into the pooling row and counts its
   * spikes into {@link NetworkState#firedSpikes}; otherwise it fires into its spike row ({@link
   * #fireRows}, counted in {@code sum}). Returns the entries in the next slot so far.
   */
  private int finishRow(
      NetworkState state,
      int k,
      LayerShape s,
      int y,
      float[] cur,
      float[] scale,
      float[] mean,
      float[] sum,
      boolean pooled,
      int n) {
    if (!pooled) {
      float[] spikes = state.rowSpikes[k][y];
      fireRows(state.rowMembrane[k][y], cur, scale, mean, spikes, sum);
      return compactRow(state, k, s, y, spikes, n);
    }
    LayerShape p = layers.get(k + 1);
    int size = p.poolSize();
    int py = y / size;
    float[] v = state.poolRow;
    int c = s.outChannels();
    if (vector != null && !state.keepSpikes && c % RowKernels.LANES == 0) {
      state.firedSpikes +=
          vector.fire(
              state.rowMembrane[k][y],
              cur,
              scale,
              mean,
              c,
              (s.outWidth() + 1) * c,
              leak,
              threshold,
              v,
              y % size != 0);
      if (py >= p.outHeight() || y % size != size - 1) {
        return n;
      }
      return size == 2
          ? vector.pool2(
              v,
              c,
              p.outWidth(),
              py,
              state.activeStart[k + 2],
              state.activeChannel[k + 2],
              state.activeValue[k + 2],
              n)
          : poolRow(state, k + 1, p, py, v, n);
    }
    float[] spikes = state.rowSpikes[k][y];
    fireRows(state.rowMembrane[k][y], cur, scale, mean, spikes, sum);
    if (py >= p.outHeight()) {
      return n;
    }
    if (y % size == 0) {
      System.arraycopy(spikes, 0, v, 0, spikes.length);
    } else {
      addRow(v, spikes, spikes.length);
    }
    return y % size == size - 1 ? poolRow(state, k + 1, p, py, v, n) : n;
  }

  /**
   * Scatters the active inputs of input row y of a scattering conv layer: each adds, for each of
   * its (up to) three output rows y − 1..y + 1, one contiguous run of 3*C replicated weights
   * ({@link #rowWeights}) at the very indices of the current row it updates. Output row r lives in
   * current row {@code r mod 3}: rows y − 1 and below are complete by then and have fired (which
   * cleared their current rows).
   */
  private void scatterRow(NetworkState state, int k, LayerShape s, int y) {
    int[] inStart = state.activeStart[k];
    int[] inChan = state.activeChannel[k];
    float[] inVal = state.activeValue[k];
    float[][] tables = rowWeights[k];
    float[][] cur = state.rowCurrent[k];
    int h = s.inHeight();
    int wd = s.inWidth();
    int in = s.inChannels();
    int out = s.outChannels();
    // Output row oy = y + 1 - ky for tap row ky; rows outside the map are padding.
    int kyFrom = Math.max(0, y + 2 - h);
    int kyTo = Math.min(2, y + 1);
    for (int x = 0, p = y * wd; x < wd; x++, p++) {
      int from = inStart[p];
      int to = inStart[p + 1];
      if (from == to) {
        continue;
      }
      int lo = x * out;
      int hi = lo + 3 * out;
      int phase = x % 3;
      for (int j = from; j < to; j++) {
        float v = inVal[j];
        int table = (phase * in + inChan[j]) * 3;
        for (int ky = kyFrom; ky <= kyTo; ky++) {
          addRun(cur[(y + 1 - ky) % 3], tables[table + ky], v, lo, hi);
        }
      }
    }
  }

  /**
   * Gives each active input of gathering conv layer k, at column ix, the key {@code c*9 + ix}: its
   * weight row through tap (ky, kx = ix - ox + 1) for output column ox is then {@code key + ky*3 +
   * 1 - ox}, so that the inputs of the three columns ox-1..ox+1 of one input row, contiguous in the
   * slot, are gathered in one loop ({@link #gatherRow}). On the Vector API path the key is
   * multiplied by the row length {@code scale} (the layer's output channels) once here, rather than
   * for every row it is read for.
   */
  private static void gatherKeys(NetworkState state, int k, LayerShape s, int scale) {
    int[] inStart = state.activeStart[k];
    int[] inChan = state.activeChannel[k];
    int[] keys = state.gatherKeys;
    int h = s.inHeight();
    int wd = s.inWidth();
    for (int y = 0, p = 0; y < h; y++) {
      for (int x = 0; x < wd; x++, p++) {
        for (int j = inStart[p], end = inStart[p + 1]; j < end; j++) {
          keys[j] = (inChan[j] * 9 + x) * scale;
        }
      }
    }
  }

  /**
   * The currents of output row oy of a gathering conv layer, position by position: the current of
   * (oy, ox) is gathered from the active inputs of its 3x3 neighbourhood (input (oy + ky - 1, ox +
   * kx - 1) through tap (ky, kx), keys from {@link #gatherKeys}), four weight rows per pass over
   * one L1 row and copied into its place in {@code cur} (or summed there on the Vector API).
   * Positions without active inputs keep the zero current.
   */
  private void gatherRow(NetworkState state, int k, LayerShape s, int oy, float[] cur) {
    int[] inStart = state.activeStart[k];
    float[] inVal = state.activeValue[k];
    int[] keys = state.gatherKeys;
    float[][] w = weightT[k];
    float[] acc = state.current[k];
    int[] rows = state.gatheredRows;
    float[] vals = state.gatheredValues;
    float[] flat = flatWeights[k];
    int out = s.outChannels();
    int h = s.inHeight();
    int wd = s.inWidth();
    // Taps ky whose input row oy + ky - 1 lies inside the map.
    int kyFrom = oy == 0 ? 1 : 0;
    int kyTo = oy == h - 1 ? 1 : 2;
    if (flat != null) {
      // On the Vector API the sums read the slot's entries in place: per tap row ky, the inputs
      // of columns ox-1..ox+1 are one contiguous segment, and all take the same key shift.
      for (int ox = 0; ox < wd; ox++) {
        int xFrom = Math.max(ox - 1, 0);
        int xTo = Math.min(ox + 1, wd - 1);
        int r0 = (oy - 1) * wd;
        int r1 = oy * wd;
        int r2 = (oy + 1) * wd;
        int f0 = kyFrom == 0 ? inStart[r0 + xFrom] : 0;
        int t0 = kyFrom == 0 ? inStart[r0 + xTo + 1] : 0;
        int f1 = inStart[r1 + xFrom];
        int t1 = inStart[r1 + xTo + 1];
        int f2 = kyTo == 2 ? inStart[r2 + xFrom] : 0;
        int t2 = kyTo == 2 ? inStart[r2 + xTo + 1] : 0;
        if (f0 == t0 && f1 == t1 && f2 == t2) {
          continue;
        }
        for (int b = 0; b < out; b += RowKernels.WIDTH) {
          vector.sumSegments(
              cur,
              (ox + 1) * out + b,
              flat,
              keys,
              inVal,
              f0,
              t0,
              (1 - ox) * out + b,
              f1,
              t1,
              (4 - ox) * out + b,
              f2,
              t2,
              (7 - ox) * out + b);
        }
      }
      return;
    }
    for (int ox = 0; ox < wd; ox++) {
      int xFrom = Math.max(ox - 1, 0);
      int xTo = Math.min(ox + 1, wd - 1);
      int gathered = 0;
      for (int ky = kyFrom; ky <= kyTo; ky++) {
        int rowStart = (oy + ky - 1) * wd;
        int offset = ky * 3 + 1 - ox;
        for (int j = inStart[rowStart + xFrom], end = inStart[rowStart + xTo + 1]; j < end; j++) {
          rows[gathered] = keys[j] + offset;
          vals[gathered++] = inVal[j];
        }
      }
      if (gathered == 0) {
        continue;
      }
      accumulate(acc, w, rows, vals, gathered);
      System.arraycopy(acc, 0, cur, (ox + 1) * out, out);
    }
  }

  /** 2^127: (u − θ)·2^127·2^127 is ±∞ or ±0 for every finite u (see {@link #fireRows}). */
  private static final float HUGE = 0x1p127f;

  /** dst[i] += v * src[i] for i in [lo, hi): one index for both, so that C2 vectorises it. */
  private static void addRun(float[] dst, float[] src, float v, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      dst[i] += v * src[i];
    }
  }

  /**
   * BNTT + LIF + soft reset of one padded row (DESIGN section 7), branch-free so that it
   * vectorises: the spike is {@code min(1, max(0, (u − θ)·2^127·2^127))}, which is 1 iff u &gt; θ
   * (the product overflows to +∞ for any positive difference, is +0 at equality and −∞ or −0
   * below). Clears the current it read and adds the spikes to {@code sum}.
   */
  private void fireRows(
      float[] m, float[] cur, float[] scale, float[] mean, float[] spikes, float[] sum) {
    float lambda = leak;
    float theta = threshold;
    for (int i = 0; i < m.length; i++) {
      float u = lambda * m[i] + scale[i] * (cur[i] - mean[i]);
      float spike = Math.min(1f, Math.max(0f, (u - theta) * HUGE * HUGE));
      m[i] = u - spike * theta;
      spikes[i] = spike;
      sum[i] += spike;
      cur[i] = 0f;
    }
  }

  /**
   * The spikes of output row y of conv layer k (a padded row) as sparse activity in slot k + 1,
   * appended at entry n; returns the new count.
   */
  private static int compactRow(
      NetworkState state, int k, LayerShape s, int y, float[] row, int n) {
    int[] outStart = state.activeStart[k + 1];
    int[] outChan = state.activeChannel[k + 1];
    float[] outVal = state.activeValue[k + 1];
    int c = s.outChannels();
    for (int x = 0, p = y * s.outWidth(); x < s.outWidth(); x++, p++) {
      outStart[p] = n;
      for (int ch = 0, i = (x + 1) * c; ch < c; ch++, i++) {
        outChan[n] = ch;
        outVal[n] = 1f;
        n += row[i] != 0f ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Pooled row py of pooling layer k, from {@code v}: the spike rows of its window summed (padded,
   * as the conv layer k − 1 fires them). Each pooled position sums its columns per channel and
   * appends the non-zero results in channel order (as {@link #pool}) to slot k + 1 at entry n;
   * returns the new count.
   */
  private static int poolRow(NetworkState state, int k, LayerShape s, int py, float[] v, int n) {
    int[] outStart = state.activeStart[k + 1];
    int[] outChan = state.activeChannel[k + 1];
    float[] outVal = state.activeValue[k + 1];
    int size = s.poolSize();
    int outW = s.outWidth();
    int c = s.inChannels();
    float area = size * size;
    for (int px = 0; px < outW; px++) {
      outStart[py * outW + px] = n;
      int base = (px * size + 1) * c;
      if (size == 2) {
        // Four channels at a time: most groups of a sparse layer are all zero (the OR of their
        // bits is 0 exactly then: a sum is a spike count, 0..4, never -0) and are skipped with
        // one branch; the others are kept branch-free ({@link #keep}).
        int ch = 0;
        for (int i = base; ch + 4 <= c; ch += 4, i += 4) {
          float s0 = v[i] + v[i + c];
          float s1 = v[i + 1] + v[i + 1 + c];
          float s2 = v[i + 2] + v[i + 2 + c];
          float s3 = v[i + 3] + v[i + 3 + c];
          if ((Float.floatToRawIntBits(s0)
                  | Float.floatToRawIntBits(s1)
                  | Float.floatToRawIntBits(s2)
                  | Float.floatToRawIntBits(s3))
              == 0) {
            continue;
          }
          n = keep(outChan, outVal, n, ch, s0);
          n = keep(outChan, outVal, n, ch + 1, s1);
          n = keep(outChan, outVal, n, ch + 2, s2);
          n = keep(outChan, outVal, n, ch + 3, s3);
        }
        for (int i = base + ch; ch < c; ch++, i++) {
          n = keep(outChan, outVal, n, ch, v[i] + v[i + c]);
        }
      } else {
        for (int ch = 0; ch < c; ch++) {
          float sum = 0f;
          for (int dx = 0, i = base + ch; dx < size; dx++, i += c) {
            sum += v[i];
          }
          outChan[n] = ch;
          outVal[n] = sum / area;
          n += sum != 0f ? 1 : 0;
        }
      }
    }
    return n;
  }

  /**
   * Appends pooled 2x2 spike count {@code sum} of channel {@code ch} at {@code n} if it is not
   * zero, branch-free: its bits are 0 exactly when it is 0 (a count is never -0), and adding {@code
   * Integer.MAX_VALUE} carries into the sign bit otherwise. {@code x / 4 == x * 0.25f} exactly.
   * Returns the new count.
   */
  private static int keep(int[] outChan, float[] outVal, int n, int ch, float sum) {
    outChan[n] = ch;
    outVal[n] = sum * 0.25f;
    return n + ((Float.floatToRawIntBits(sum) + Integer.MAX_VALUE) >>> 31);
  }

  /** dst[i] += src[i] for i below len. */
  private static void addRow(float[] dst, float[] src, int len) {
    for (int i = 0; i < len; i++) {
      dst[i] += src[i];
    }
  }

  /**
   * BNTT + LIF + soft reset of one row of neurons (DESIGN section 7) with input current {@code
   * cur}; appends the channels that spiked (value 1) at {@code out[n..]} and returns the new count.
   */
  private int fireRow(
      float[] m, float[] cur, float[] scale, float[] mean, int[] outChan, float[] outVal, int n) {
    float lambda = leak;
    float theta = threshold;
    // The row's maximum lets the (serial) spike scan below be skipped for the many rows where no
    // neuron crosses θ; u > θ for some neuron iff max > θ (a NaN neither spikes nor passes).
    float max = Float.NEGATIVE_INFINITY;
    for (int o = 0; o < m.length; o++) {
      float u = lambda * m[o] + scale[o] * (cur[o] - mean[o]);
      m[o] = u;
      max = Math.max(max, u);
    }
    if (!(max > theta)) {
      return n;
    }
    int first = n;
    for (int o = 0; o < m.length; o++) {
      // Branch-free (spikes are too irregular to predict): the sign bit of θ − u is 1 iff u > θ
      // (θ − u is +0 when u == θ, so equality does not spike, as the strict > demands).
      float u = m[o];
      int spike = Float.floatToRawIntBits(theta - u) >>> 31;
      m[o] = u - spike * theta;
      outChan[n] = o;
      n += spike;
    }
    Arrays.fill(outVal, first, n, 1f);
    return n;
  }

  /**
   * dst = Σ_i vals[i] w[rows[i]] over {@code count} gathered weight rows, four rows per pass so
   * that the output row is read and written once per four inputs. Rows are gathered as indices, not
   * references: storing references into an array costs a GC write barrier each.
   */
  private static void accumulate(float[] dst, float[][] w, int[] rows, float[] vals, int count) {
    int i = 0;
    if (count >= 4) {
      set4(dst, w[rows[0]], vals[0], w[rows[1]], vals[1], w[rows[2]], vals[2], w[rows[3]], vals[3]);
      i = 4;
    } else {
      Arrays.fill(dst, 0f);
    }
    for (; i + 4 <= count; i += 4) {
      add4(
          dst,
          w[rows[i]],
          vals[i],
          w[rows[i + 1]],
          vals[i + 1],
          w[rows[i + 2]],
          vals[i + 2],
          w[rows[i + 3]],
          vals[i + 3]);
    }
    for (; i < count; i++) {
      addScaledRow(dst, w[rows[i]], vals[i]);
    }
  }

  /**
   * dst += v0 r0 + v1 r1 + v2 r2 + v3 r3; all operands at offset 0 so that the JIT vectorises it.
   */
  private static void add4(
      float[] dst,
      float[] r0,
      float v0,
      float[] r1,
      float v1,
      float[] r2,
      float v2,
      float[] r3,
      float v3) {
    for (int o = 0; o < dst.length; o++) {
      dst[o] += v0 * r0[o] + v1 * r1[o] + v2 * r2[o] + v3 * r3[o];
    }
  }

  /** dst = 0 + (v0 r0 + v1 r1 + v2 r2 + v3 r3), bit for bit what {@link #add4} gives on zeros. */
  private static void set4(
      float[] dst,
      float[] r0,
      float v0,
      float[] r1,
      float v1,
      float[] r2,
      float v2,
      float[] r3,
      float v3) {
    for (int o = 0; o < dst.length; o++) {
      dst[o] = 0f + (v0 * r0[o] + v1 * r1[o] + v2 * r2[o] + v3 * r3[o]);
    }
  }

  /** dst += v * src; both at offset 0 so that the JIT vectorises it. */
  private static void addScaledRow(float[] dst, float[] src, float v) {
    for (int o = 0; o < dst.length; o++) {
      dst[o] += v * src[o];
    }
  }

  /**
   * A linear layer with its BNTT and LIF: {@code I = W s} from the active inputs of slot k (input
   * (c, p), flat index {@code c*P + p} of the (C, H, W) flattening, is weight row {@code p*C + c}:
   * the rows are gathered in ascending memory order), four weight rows per pass; spikes to slot k +
   * 1 (one position).
   */
  private int linear(NetworkState state, int k, int t) {
    int[] inStart = state.activeStart[k];
    int[] inChan = state.activeChannel[k];
    float[] inVal = state.activeValue[k];
    int positions = state.slotPositions[k];
    int channels = layers.get(k).inChannels();
    float[][] w = weightT[k];
    float[] cur = state.current[k];
    int[] rows = state.gatheredRows;
    float[] vals = state.gatheredValues;
    int gathered = 0;
    for (int p = 0; p < positions; p++) {
      for (int j = inStart[p], end = inStart[p + 1]; j < end; j++) {
        rows[gathered] = p * channels + inChan[j];
        vals[gathered++] = inVal[j];
      }
    }
    accumulate(cur, w, rows, vals, gathered);
    int[] outChan = state.activeChannel[k + 1];
    float[] outVal = state.activeValue[k + 1];
    int n = fireRow(state.membrane[k][0], cur, bnScale[k][t], bnMean[k][t], outChan, outVal, 0);
    state.activeStart[k + 1][0] = 0;
    state.activeStart[k + 1][1] = n;
    state.activeCount[k + 1] = n;
    return n;
  }

  /**
   * Average pooling (sum / size², odd sizes floored as AvgPool2d) of slot k into slot k + 1, one
   * pooled position at a time: the entries of its size x size window are summed per channel, then
   * the non-zero sums are kept in channel order (a window without entries is skipped at once).
   */
  private static void pool(NetworkState state, int k, LayerShape s) {
    int[] inStart = state.activeStart[k];
    int[] inChan = state.activeChannel[k];
    float[] inVal = state.activeValue[k];
    int[] outStart = state.activeStart[k + 1];
    int[] outChan = state.activeChannel[k + 1];
    float[] outVal = state.activeValue[k + 1];
    float[] sum = state.poolSum[k];
    int size = s.poolSize();
    int inW = s.inWidth();
    int outH = s.outHeight();
    int outW = s.outWidth();
    int channels = sum.length;
    float area = size * size;
    int n = 0;
    for (int py = 0; py < outH; py++) {
      for (int px = 0; px < outW; px++) {
        outStart[py * outW + px] = n;
        int entries = 0;
        for (int dy = 0; dy < size; dy++) {
          // Input row py*size + dy < outH*size <= inHeight: the floor drops trailing rows/columns.
          int base = (py * size + dy) * inW + px * size;
          int from = inStart[base];
          int to = inStart[base + size];
          entries += to - from;
          for (int j = from; j < to; j++) {
            sum[inChan[j]] += inVal[j];
          }
        }
        if (entries == 0) {
          continue;
        }
        // Branch-free compaction of the non-zero sums (in channel order), clearing as it goes.
        for (int c = 0; c < channels; c++) {
          float v = sum[c];
          sum[c] = 0f;
          outChan[n] = c;
          outVal[n] = v / area;
          n += v != 0f ? 1 : 0;
        }
      }
    }
    outStart[outH * outW] = n;
    state.activeCount[k + 1] = n;
  }

  /** Σ W_out s[t] into the running logit sum. */
  private void accumulateOutput(NetworkState state) {
    int last = layers.size();
    int[] start = state.activeStart[last];
    int[] chan = state.activeChannel[last];
    float[] val = state.activeValue[last];
    int positions = state.slotPositions[last];
    int channels = config.outputInFeatures() / positions;
    int classes = config.classes();
    double[] sum = state.logitSum;
    for (int p = 0; p < positions; p++) {
      for (int j = start[p], end = start[p + 1]; j < end; j++) {
        float[] row = outputT[p * channels + chan[j]];
        double v = val[j];
        for (int c = 0; c < classes; c++) {
          sum[c] += v * row[c];
        }
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
    state.keepSpikes(keepSpikesAndMembranes);
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
