package io.spikestream.snn.infer;

/**
 * What a window did, step by step: the logits after each step (mean so far, DESIGN section 9), the
 * spikes per weight layer and step and, when asked for, the spikes and membranes themselves (in
 * {@code (C, H, W)} order), for evaluation, early-exit calibration, energy estimates and parity
 * tests.
 *
 * @param logits {@code [steps][classes]}
 * @param spikeCounts {@code [steps][weightLayers]}
 * @param activeInputs {@code [steps][weightLayers + 1]}: non-zero inputs into each weight layer
 *     and, last, into the output layer
 * @param spikes {@code [steps][weightLayers][neurons]} binary, or null when not kept
 * @param membranes {@code [steps][weightLayers][neurons]} after the soft reset, or null
 */
public record WindowTrace(
    double[][] logits,
    int[][] spikeCounts,
    int[][] activeInputs,
    float[][][] spikes,
    float[][][] membranes) {

  /** Number of steps run. */
  public int steps() {
    return logits.length;
  }

  /** Index of the largest logit after step {@code t} (first one on ties). */
  public int predictedClass(int t) {
    double[] l = logits[t];
    int best = 0;
    for (int c = 1; c < l.length; c++) {
      if (l[c] > l[best]) {
        best = c;
      }
    }
    return best;
  }
}
