package io.spikestream.snn.train;

/**
 * Running-mean logits after every timestep for a batch (DESIGN section 9): entry {@code (b, t, k)}
 * is {@code (1/(t+1)) Σ_{j≤t} (W_out s_L[j])_k}; the last step is the paper's {@code 1/T} mean. The
 * early-exit evaluation reads every step.
 *
 * @param batch B
 * @param timesteps T
 * @param classes K
 * @param values {@code [B][T][K]} row-major
 */
public record StepLogits(int batch, int timesteps, int classes, double[] values) {

  public StepLogits {
    if (values.length != batch * timesteps * classes) {
      throw new IllegalArgumentException(
          "values has " + values.length + " entries, expected " + batch * timesteps * classes);
    }
  }

  /** Logit of class k for sample b after step t (0-based). */
  public double logit(int b, int t, int k) {
    return values[(b * timesteps + t) * classes + k];
  }

  /** Argmax after step t (lowest index on ties). */
  public int predicted(int b, int t) {
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (logit(b, t, k) > logit(b, t, best)) {
        best = k;
      }
    }
    return best;
  }

  /** The logits of sample b after step t, a copy. */
  public double[] logits(int b, int t) {
    double[] out = new double[classes];
    System.arraycopy(values, (b * timesteps + t) * classes, out, 0, classes);
    return out;
  }
}
