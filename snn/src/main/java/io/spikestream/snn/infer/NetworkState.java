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
 * <p>Layout: conv membranes are held channel-last ({@code [H][W][C]}), so that a spike adds a
 * contiguous run of weights; accessors hand them out in the artifact's {@code (C, H, W)} order.
 */
public final class NetworkState {

  final NetworkConfig config;
  final List<LayerShape> layers;

  /**
   * Per hidden layer: membranes as rows {@code [H*W][C]} (linear: one row {@code [out]}); null for
   * pooling. One small array per position keeps every inner loop at offset 0 on both operands, the
   * only shape C2 (Java 17) vectorises without an aliasing doubt.
   */
  final float[][][] membrane;

  /** Per hidden layer: input current scratch, same rows as {@link #membrane}; null for pooling. */
  final float[][][] current;

  /** Per hidden layer: pooling accumulator in (C, H, W) order (pool layers only), else null. */
  final float[][] poolSum;

  /** Sparse activity, index 0 = the input frame, k + 1 = output of hidden layer k; (C,H,W) idx. */
  final int[][] activeIndex;

  final float[][] activeValue;

  /** Channel and position ({@code y*W + x}) of each active entry, so consumers need no division. */
  final int[][] activeChannel;

  final int[][] activePosition;
  final int[] activeCount;
  final boolean[] activeBinary;

  /** Spikes per weight layer in the last step. */
  final int[] spikeCounts;

  /** Σ_k W_out s[k] over the steps run. */
  final double[] logitSum;

  int steps;

  NetworkState(NetworkConfig config) {
    this.config = config;
    this.layers = config.layerShapes();
    int n = layers.size();
    membrane = new float[n][][];
    current = new float[n][][];
    poolSum = new float[n][];
    activeIndex = new int[n + 1][];
    activeValue = new float[n + 1][];
    activeChannel = new int[n + 1][];
    activePosition = new int[n + 1][];
    activeCount = new int[n + 1];
    activeBinary = new boolean[n + 1];
    activeIndex[0] = new int[config.frameSize()];
    activeValue[0] = new float[config.frameSize()];
    activeChannel[0] = new int[config.frameSize()];
    activePosition[0] = new int[config.frameSize()];
    int weightLayers = 0;
    for (int k = 0; k < n; k++) {
      LayerShape s = layers.get(k);
      if (s.kind() == LayerKind.AVG_POOL) {
        poolSum[k] = new float[s.outSize()];
      } else {
        int rows = s.outHeight() * s.outWidth();
        membrane[k] = new float[rows][s.outChannels()];
        current[k] = new float[rows][s.outChannels()];
        weightLayers++;
      }
      activeIndex[k + 1] = new int[s.outSize()];
      activeValue[k + 1] = new float[s.outSize()];
      activeChannel[k + 1] = new int[s.outSize()];
      activePosition[k + 1] = new int[s.outSize()];
    }
    spikeCounts = new int[weightLayers];
    logitSum = new double[config.classes()];
  }

  /** Clears membranes and logits for a new window (u[-1] = 0). */
  public void reset() {
    for (int k = 0; k < membrane.length; k++) {
      if (membrane[k] != null) {
        for (int r = 0; r < membrane[k].length; r++) {
          Arrays.fill(membrane[k][r], 0f);
          Arrays.fill(current[k][r], 0f);
        }
      }
    }
    Arrays.fill(logitSum, 0.0);
    Arrays.fill(spikeCounts, 0);
    Arrays.fill(activeCount, 0);
    steps = 0;
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
    float[][] m = membrane[k];
    int hw = s.outHeight() * s.outWidth();
    int c = s.outChannels();
    float[] out = new float[s.outSize()];
    for (int pos = 0; pos < hw; pos++) {
      for (int ch = 0; ch < c; ch++) {
        out[ch * hw + pos] = m[pos][ch];
      }
    }
    return out;
  }

  /**
   * Binary spikes of weight layer {@code i} in the last step, in {@code (C, H, W)} order (linear:
   * {@code [out]}).
   */
  public float[] spikes(int weightLayer) {
    int k = hiddenIndexOf(weightLayer);
    float[] out = new float[layers.get(k).outSize()];
    for (int j = 0; j < activeCount[k + 1]; j++) {
      out[activeIndex[k + 1][j]] = 1f;
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
