package io.spikestream.snn.infer;

import io.spikestream.snn.model.LayerKind;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Arrays;
import java.util.List;

/**
 * The mutable state of one sensor's window in an {@link EventDrivenNetwork}: membrane potentials
 * per weight layer, the running sum of output currents, the steps run so far, plus scratch buffers
 * so that a step allocates nothing. Created by {@link EventDrivenNetwork#newState()}, reused across
 * windows through {@link #reset()}. Not thread-safe: one state per sensor.
 *
 * <p>Layout: conv membranes, currents and spikes are padded channel-last rows ({@code
 * [H][(W+2)*C]}), so that an input adds a contiguous run of weights and a row fires in one loop;
 * accessors hand them out in the artifact's {@code (C, H, W)} order. Activity between layers is
 * sparse and position-major (compressed rows): for each spatial position, the channels that are
 * non-zero there and their values, so that a convolution can gather an output position's 3x3
 * neighbourhood directly.
 */
public final class NetworkState {

  final NetworkConfig config;
  final List<LayerShape> layers;

  /** Per linear layer: its membranes as one row {@code [1][out]}; else null (conv: rows below). */
  final float[][][] membrane;

  /**
   * Per hidden weight layer: the input current of one output position {@code [C]} (a gathering conv
   * layer sums into it before copying it into its row); else null.
   */
  final float[][] current;

  /** Per pool layer: per-channel sums of one pooling window (all zero between windows). */
  final float[][] poolSum;

  /**
   * Sparse activity per slot: slot 0 = the input frame, slot k + 1 = the output of hidden layer k.
   * Position-major: the entries of position {@code p} are {@code activeStart[slot][p] ..
   * activeStart[slot][p + 1]}; each has a channel and a value. Linear outputs have one position.
   */
  final int[][] activeStart;

  final int[][] activeChannel;
  final float[][] activeValue;

  /** Spatial positions ({@code H*W}) of each slot; its entries' flat index is {@code c*P + p}. */
  final int[] slotPositions;

  final int[] activeCount;

  /**
   * The weight rows (indices) and input values gathered for one output row (conv: a 3x3
   * neighbourhood, at most {@code 9 * inChannels}; linear: all its inputs).
   */
  final int[] gatheredRows;

  final float[] gatheredValues;

  /** Per active input of a gathering conv layer: {@code channel*9 + column} (see its gather). */
  final int[] gatherKeys;

  /** Spikes per weight layer in the last step. */
  final int[] spikeCounts;

  /** Σ_k W_out s[k] over the steps run. */
  final double[] logitSum;

  int steps;

  /**
   * Nanoseconds per stage summed over steps while timing is on ({@link #timeLayers}): [0] input
   * gathering, [k + 1] hidden layer k, [layers + 1] the output layer; null when off.
   */
  long[] layerNanos;

  /**
   * Per conv layer: membranes, input currents and spikes (0 or 1) as padded rows {@code
   * [H][(W+2)*C]}, column x at {@code (x+1)*C}; the two padding columns never spike. Else null.
   * Currents are only the rows in flight ({@code [3]} or {@code [1]}, see the kernel's conv) and
   * are zero between steps (each row clears what it read when it fires).
   */
  final float[][][] rowMembrane;

  final float[][][] rowCurrent;
  final float[][][] rowSpikes;

  /** Per conv layer: per padded-row index, spikes summed over the rows in one step. */
  final float[][] rowSpikeSum;

  /**
   * Whether conv layers followed by pooling keep their spike rows for {@link #spikes} (off: on the
   * Vector API they fire straight into the pooling row, which is faster).
   */
  boolean keepSpikes;

  /** {@link #keepSpikes} as it was in the last step. */
  boolean keptSpikes;

  /** Spikes of the conv layer being stepped that {@link #rowSpikeSum} does not count. */
  int firedSpikes;

  /** Scratch for pooling padded rows: one padded row, summed over a pooling window's rows. */
  final float[] poolRow;

  NetworkState(NetworkConfig config) {
    this.config = config;
    this.layers = config.layerShapes();
    int n = layers.size();
    membrane = new float[n][][];
    current = new float[n][];
    rowMembrane = new float[n][][];
    rowCurrent = new float[n][][];
    rowSpikes = new float[n][][];
    rowSpikeSum = new float[n][];
    int widestRow = 0;
    poolSum = new float[n][];
    activeStart = new int[n + 1][];
    activeChannel = new int[n + 1][];
    activeValue = new float[n + 1][];
    slotPositions = new int[n + 1];
    activeCount = new int[n + 1];
    allocateSlot(0, config.height() * config.width(), config.frameSize());
    int weightLayers = 0;
    int gather = 0;
    for (int k = 0; k < n; k++) {
      LayerShape s = layers.get(k);
      gather = Math.max(gather, s.fanIn());
      if (s.kind() == LayerKind.AVG_POOL) {
        poolSum[k] = new float[s.inChannels()];
      } else if (s.kind() == LayerKind.CONV3X3) {
        int row = (s.outWidth() + 2) * s.outChannels();
        rowMembrane[k] = new float[s.outHeight()][row];
        // Current rows in flight: three for a scattering layer (an input row feeds three output
        // rows), one for a gathering layer (it completes one row at a time).
        rowCurrent[k] = new float[scatters(s) ? 3 : 1][row];
        rowSpikes[k] = new float[s.outHeight()][row];
        rowSpikeSum[k] = new float[row];
        current[k] = scatters(s) ? null : new float[s.outChannels()];
        widestRow = Math.max(widestRow, row);
        weightLayers++;
      } else {
        membrane[k] = new float[1][s.outChannels()];
        current[k] = new float[s.outChannels()];
        weightLayers++;
      }
      // A conv layer followed by pooling hands its spikes over as rows: its slot stays empty.
      boolean rowsOnly =
          s.kind() == LayerKind.CONV3X3
              && k + 1 < n
              && layers.get(k + 1).kind() == LayerKind.AVG_POOL;
      allocateSlot(k + 1, s.outHeight() * s.outWidth(), rowsOnly ? 0 : s.outSize());
    }
    int keys = 0;
    for (LayerShape s : layers) {
      if (s.kind() == LayerKind.CONV3X3 && !scatters(s)) {
        keys = Math.max(keys, s.inSize());
      }
    }
    gatherKeys = new int[keys];
    gatheredRows = new int[gather];
    gatheredValues = new float[gather];
    spikeCounts = new int[weightLayers];
    logitSum = new double[config.classes()];
    poolRow = new float[widestRow];
  }

  /**
   * Largest replicated weight table, in floats, for which a conv layer scatters its inputs: 256
   * KiB, half of this machine's per-core L2 (a first conv layer on 2 input channels needs 83 KiB at
   * 34 x 34 x 32, 225 KiB at 48 x 48 x 64).
   */
  static final long SCATTER_MAX_WEIGHTS = 64 * 1024;

  /**
   * Whether conv layer {@code s} scatters its inputs into its current rows (see {@code
   * EventDrivenNetwork}) rather than gathering them per output position: its weights replicated
   * along a padded output row three times (one per column phase) fit {@link #SCATTER_MAX_WEIGHTS}.
   * In practice the first conv layer, on its few input channels.
   */
  static boolean scatters(LayerShape s) {
    return s.kind() == LayerKind.CONV3X3
        && 9L * s.inChannels() * (s.inWidth() + 2L) * s.outChannels() <= SCATTER_MAX_WEIGHTS;
  }

  private void allocateSlot(int slot, int positions, int capacity) {
    slotPositions[slot] = positions;
    activeStart[slot] = new int[positions + 1];
    activeChannel[slot] = new int[capacity];
    activeValue[slot] = new float[capacity];
  }

  /** Clears membranes and logits for a new window (u[-1] = 0). */
  public void reset() {
    for (int k = 0; k < membrane.length; k++) {
      if (membrane[k] != null) {
        for (int r = 0; r < membrane[k].length; r++) {
          Arrays.fill(membrane[k][r], 0f);
        }
      }
    }
    for (float[][][] rows : List.of(rowMembrane, rowCurrent, rowSpikes)) {
      for (float[][] layer : rows) {
        if (layer != null) {
          for (float[] row : layer) {
            Arrays.fill(row, 0f);
          }
        }
      }
    }
    for (int[] start : activeStart) {
      Arrays.fill(start, 0);
    }
    Arrays.fill(logitSum, 0.0);
    Arrays.fill(spikeCounts, 0);
    Arrays.fill(activeCount, 0);
    steps = 0;
  }

  /**
   * Keeps the spikes of every layer for {@link #spikes} from the next step on (off by default: a
   * conv layer followed by pooling may then pool its spikes without storing them). {@link
   * EventDrivenNetwork#run} sets it to its {@code keepSpikesAndMembranes}.
   */
  public void keepSpikes(boolean keep) {
    keepSpikes = keep;
  }

  /**
   * Switches per-layer timing of this state's steps on (zeroed) or off, for the bench's per-layer
   * profile; off by default. While on, each step reads the clock once per layer.
   */
  public void timeLayers(boolean on) {
    layerNanos = on ? new long[layers.size() + 2] : null;
  }

  /**
   * Nanoseconds spent per stage in the steps since {@link #timeLayers} switched timing on: index 0
   * gathering the input frame, {@code k + 1} hidden layer k, the last the output layer.
   *
   * @throws IllegalStateException when timing is off
   */
  public long[] layerNanos() {
    if (layerNanos == null) {
      throw new IllegalStateException("layer timing is off (timeLayers(true) switches it on)");
    }
    return layerNanos.clone();
  }

  /** The network this state belongs to. */
  public NetworkConfig config() {
    return config;
  }

  /** Timesteps run since the last reset; the next step must be this one. */
  public int steps() {
    return steps;
  }

  /**
   * Writes the logits after the last step, {@code (1/(t+1)) Σ_{k<=t} W_out s[k]} (DESIGN section
   * 9), into {@code out[0..classes)}; zeros before the first step.
   */
  public void logits(double[] out) {
    if (out.length < logitSum.length) {
      throw new IllegalArgumentException(
          "logits buffer has " + out.length + " entries, need " + logitSum.length);
    }
    double scale = steps == 0 ? 0.0 : 1.0 / steps;
    for (int k = 0; k < logitSum.length; k++) {
      out[k] = logitSum[k] * scale;
    }
  }

  /** A fresh array of the logits after the last step. */
  public double[] logits() {
    double[] out = new double[logitSum.length];
    logits(out);
    return out;
  }

  /** Spikes emitted by weight layer {@code i} in the last step. */
  public int spikeCount(int weightLayer) {
    return spikeCounts[weightLayer];
  }

  /**
   * Non-zero inputs that weight layer {@code i} received in the last step (frame pixels, spikes or
   * pooled values); {@code i == weightLayers} is the output layer. Used for synaptic-operation
   * counts (energy estimate).
   */
  public int activeInputs(int weightLayer) {
    if (weightLayer == spikeCounts.length) {
      return activeCount[layers.size()];
    }
    return activeCount[hiddenIndexOf(weightLayer)];
  }

  /** Number of weight layers (conv and linear). */
  public int weightLayers() {
    return spikeCounts.length;
  }

  /** Spike counts of all weight layers in the last step (a copy). */
  public int[] spikeCounts() {
    return spikeCounts.clone();
  }

  /**
   * Membrane potentials of weight layer {@code i} after the last step (after the soft reset), in
   * {@code (C, H, W)} order (linear: {@code [out]}).
   */
  public float[] membrane(int weightLayer) {
    int k = hiddenIndexOf(weightLayer);
    LayerShape s = layers.get(k);
    if (rowMembrane[k] != null) {
      return fromRows(rowMembrane[k], s);
    }
    return membrane[k][0].clone();
  }

  /**
   * Binary spikes of weight layer {@code i} in the last step, in {@code (C, H, W)} order (linear:
   * {@code [out]}).
   *
   * @throws IllegalStateException for a conv layer followed by pooling when the state did not
   *     {@link #keepSpikes keep spikes} in that step
   */
  public float[] spikes(int weightLayer) {
    int slot = hiddenIndexOf(weightLayer) + 1;
    if (rowSpikes[slot - 1] != null) {
      if (!keptSpikes && slot < layers.size() && layers.get(slot).kind() == LayerKind.AVG_POOL) {
        throw new IllegalStateException(
            "layer "
                + weightLayer
                + " pools its spikes without keeping them: call keepSpikes(true) before the step");
      }
      return fromRows(rowSpikes[slot - 1], layers.get(slot - 1));
    }
    int positions = slotPositions[slot];
    int[] start = activeStart[slot];
    int[] chan = activeChannel[slot];
    float[] out = new float[layers.get(slot - 1).outSize()];
    for (int p = 0; p < positions; p++) {
      for (int j = start[p]; j < start[p + 1]; j++) {
        out[chan[j] * positions + p] = 1f;
      }
    }
    return out;
  }

  /** Padded rows {@code [H][(W+2)*C]} in {@code (C, H, W)} order. */
  private static float[] fromRows(float[][] rows, LayerShape s) {
    int h = s.outHeight();
    int w = s.outWidth();
    int c = s.outChannels();
    float[] out = new float[s.outSize()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          out[(ch * h + y) * w + x] = rows[y][(x + 1) * c + ch];
        }
      }
    }
    return out;
  }

  private int hiddenIndexOf(int weightLayer) {
    for (int k = 0; k < layers.size(); k++) {
      if (layers.get(k).weightIndex() == weightLayer) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "no weight layer " + weightLayer + " (network has " + spikeCounts.length + ")");
  }
}
