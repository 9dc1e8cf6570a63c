package io.spikestream.snn.train;

import java.util.stream.IntStream;

/**
 * BNTT normalisation and LIF neurons of one layer for a whole window, as a scan over timesteps
 * (DESIGN section 7, Kim and Panda 2021 eq. 6-8):
 *
 * <pre>
 * v[t] = λ · u[t-1] + γ[t] · (I[t] − μ[t]) / sqrt(σ²[t] + ε)
 * s[t] = f(v[t])                  (H(v − θ), strict >, or a smooth test function)
 * u[t] = v[t] − θ · s[t]          (soft reset), u[-1] = 0
 * </pre>
 *
 * <p>Arrays are t-major {@code [T, B, C, HW]} (HW = 1 for linear layers); element {@code (t, b, c,
 * p)} sits at {@code ((t·B + b)·C + c)·HW + p}. Statistics are per timestep and channel over the
 * {@code B·HW} values of that block. In training, μ and σ² are the batch mean and biased variance,
 * and the running statistics of that t move by {@code momentum} toward the batch mean and the
 * unbiased variance (PyTorch's convention); in evaluation the running statistics are used.
 *
 * <p>Channels are independent, so the work is split over channels on the common fork-join pool.
 * Arithmetic is in double; storage is whatever the {@link Vec} holds.
 */
final class LifBnttScan {

  private final int timesteps;
  private final int batch;
  private final int channels;
  private final int spatial;
  private final double leak;
  private final double threshold;
  private final double eps;
  private final SpikeFunction spikeFunction;
  private final ResetGradient resetGradient;

  LifBnttScan(
      int timesteps,
      int batch,
      int channels,
      int spatial,
      double leak,
      double threshold,
      double eps,
      SpikeFunction spikeFunction,
      ResetGradient resetGradient) {
    if (timesteps < 1 || batch < 1 || channels < 1 || spatial < 1) {
      throw new IllegalArgumentException(
          "bad scan shape T=" + timesteps + " B=" + batch + " C=" + channels + " HW=" + spatial);
    }
    this.timesteps = timesteps;
    this.batch = batch;
    this.channels = channels;
    this.spatial = spatial;
    this.leak = leak;
    this.threshold = threshold;
    this.eps = eps;
    this.spikeFunction = spikeFunction;
    this.resetGradient = resetGradient;
  }

  /** Index of {@code (t, b, c, p = 0)}: rows are t-major, then channels, then pixels. */
  private int base(int t, int b, int c) {
    return ((t * batch + b) * channels + c) * spatial;
  }

  /**
   * Training forward with batch statistics.
   *
   * @param input pre-normalisation currents I, {@code [T, B, C, HW]}
   * @param gamma γ {@code [T, C]}
   * @param runningMean updated in place, {@code [T, C]}
   * @param runningVar updated in place, {@code [T, C]}
   * @param momentum weight of the new batch in the running statistics (PyTorch: 0.1)
   * @param membrane out: v before reset, {@code [T, B, C, HW]} (kept for the backward pass)
   * @param spikes out: s, {@code [T, B, C, HW]}
   * @param mean out: batch mean per {@code [T, C]}
   * @param invStd out: {@code 1 / sqrt(σ²_batch + ε)} per {@code [T, C]}
   */
  void forwardTrain(
      Vec input,
      Vec gamma,
      Vec runningMean,
      Vec runningVar,
      double momentum,
      Vec membrane,
      Vec spikes,
      double[] mean,
      double[] invStd) {
    int n = batch * spatial;
    if (n < 2) {
      throw new IllegalArgumentException(
          "batch statistics need more than one value per channel, got B*H*W = " + n);
    }
    IntStream.range(0, channels)
        .parallel()
        .forEach(
            c -> {
              double[] u = new double[n];
              for (int t = 0; t < timesteps; t++) {
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                  int o = base(t, b, c);
                  for (int p = 0; p < spatial; p++) {
                    sum += input.get(o + p);
                  }
                }
                double mu = sum / n;
                double sq = 0;
                for (int b = 0; b < batch; b++) {
                  int o = base(t, b, c);
                  for (int p = 0; p < spatial; p++) {
                    double d = input.get(o + p) - mu;
                    sq += d * d;
                  }
                }
                double var = sq / n;
                int tc = t * channels + c;
                double inv = 1.0 / Math.sqrt(var + eps);
                mean[tc] = mu;
                invStd[tc] = inv;
                runningMean.set(tc, (1 - momentum) * runningMean.get(tc) + momentum * mu);
                runningVar.set(
                    tc, (1 - momentum) * runningVar.get(tc) + momentum * var * n / (n - 1));
                double scale = gamma.get(tc) * inv;
                step(input, membrane, spikes, u, t, c, scale, -mu * scale);
              }
            });
  }

  /** Evaluation forward with the running statistics of each t; the membrane is not kept. */
  void forwardEval(Vec input, Vec gamma, Vec runningMean, Vec runningVar, Vec spikes) {
    IntStream.range(0, channels)
        .parallel()
        .forEach(
            c -> {
              double[] u = new double[batch * spatial];
              for (int t = 0; t < timesteps; t++) {
                int tc = t * channels + c;
                double scale = gamma.get(tc) / Math.sqrt(runningVar.get(tc) + eps);
                step(input, null, spikes, u, t, c, scale, -runningMean.get(tc) * scale);
              }
            });
  }

  /** One timestep of one channel: {@code v = λu + scale·I + shift}, spike, soft reset. */
  private void step(
      Vec input, Vec membrane, Vec spikes, double[] u, int t, int c, double scale, double shift) {
    int k = 0;
    for (int b = 0; b < batch; b++) {
      int o = base(t, b, c);
      for (int p = 0; p < spatial; p++, k++) {
        double v = leak * u[k] + scale * input.get(o + p) + shift;
        double s = spikeFunction.spike(v, threshold);
        if (membrane != null) {
          membrane.set(o + p, v);
        }
        spikes.set(o + p, s);
        u[k] = v - threshold * s;
      }
    }
  }

  /**
   * Backpropagation through time for a window run by {@link #forwardTrain}.
   *
   * <p>With {@code gu[t] = ∂L/∂u[t] = λ · gv[t+1]}: {@code gv[t] = gs[t] · f'(v[t]) + gu[t] ·
   * ∂u/∂v}, where {@code ∂u/∂v} is 1 ({@link ResetGradient#DETACHED}) or {@code 1 − θ f'(v[t])}.
   * Then the batch-norm backward per timestep and channel, with {@code x̂ = (I − μ)·invStd}: {@code
   * ∂L/∂γ = Σ gv·x̂} and {@code ∂L/∂I = γ·invStd·(gv − mean(gv) − x̂·mean(gv·x̂))}.
   *
   * @param input I from the forward pass
   * @param grad in: ∂L/∂s; out: ∂L/∂I (in place), {@code [T, B, C, HW]}
   * @param gammaGrad out: ∂L/∂γ {@code [T, C]} (overwritten)
   */
  void backward(
      Vec input, Vec gamma, double[] mean, double[] invStd, Vec membrane, Vec grad, Vec gammaGrad) {
    int n = batch * spatial;
    boolean fullReset = resetGradient == ResetGradient.FULL;
    IntStream.range(0, channels)
        .parallel()
        .forEach(
            c -> {
              double[] carry = new double[n];
              for (int t = timesteps - 1; t >= 0; t--) {
                int tc = t * channels + c;
                double mu = mean[tc];
                double inv = invStd[tc];
                double sumG = 0;
                double sumGx = 0;
                int k = 0;
                for (int b = 0; b < batch; b++) {
                  int o = base(t, b, c);
                  for (int p = 0; p < spatial; p++, k++) {
                    int i = o + p;
                    double d = spikeFunction.derivative(membrane.get(i), threshold);
                    double dudv = fullReset ? 1.0 - threshold * d : 1.0;
                    double gv = grad.get(i) * d + carry[k] * dudv;
                    carry[k] = leak * gv;
                    grad.set(i, gv);
                    sumG += gv;
                    sumGx += gv * (input.get(i) - mu) * inv;
                  }
                }
                double g = gamma.get(tc);
                gammaGrad.set(tc, sumGx);
                double meanG = sumG / n;
                double meanGx = sumGx / n;
                double scale = g * inv;
                for (int b = 0; b < batch; b++) {
                  int o = base(t, b, c);
                  for (int p = 0; p < spatial; p++) {
                    int i = o + p;
                    double xhat = (input.get(i) - mu) * inv;
                    grad.set(i, scale * (grad.get(i) - meanG - xhat * meanGx));
                  }
                }
              }
            });
  }
}
