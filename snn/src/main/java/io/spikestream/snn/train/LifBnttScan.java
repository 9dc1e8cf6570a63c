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

  /** The 0.3 of the authors' surrogate, see {@link SpikeFunction#HEAVISIDE}. */
  private static final double SURROGATE_HEIGHT = 0.3;

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
   * A 2-D average pooling fused into the scan (DESIGN section 7: pooling applies to spikes): the
   * pooled spikes {@code [T, B, C, height/size, width/size]} are written while the block is in
   * cache, so the full-resolution spikes need not be stored. Floors odd sizes as {@link
   * AvgPoolKernel}.
   */
  record PoolTarget(int size, int height, int width, Vec out) {
    int outHeight() {
      return height / size;
    }

    int outWidth() {
      return width / size;
    }
  }

  /**
   * Writes the spikes of sample b, channel c at step t ({@code out[0..HW)}): full resolution and/or
   * pooled.
   */
  private void emitRow(
      int t,
      int b,
      int c,
      double[] out,
      Vec spikes,
      PoolTarget pool,
      float[] scratch,
      double[] pooled) {
    if (spikes != null) {
      spikes.write(base(t, b, c), out, 0, spatial, scratch);
    }
    if (pool == null) {
      return;
    }
    int k = pool.size();
    int w = pool.width();
    int oh = pool.outHeight();
    int ow = pool.outWidth();
    double norm = 1.0 / (k * k);
    if (k == 2) {
      // the common 2x2 case without the inner window loops
      for (int y = 0; y < oh; y++) {
        int row = 2 * y * w;
        for (int x = 0; x < ow; x++) {
          int i = row + 2 * x;
          pooled[y * ow + x] = (out[i] + out[i + 1] + out[i + w] + out[i + w + 1]) * 0.25;
        }
      }
    } else {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          double sum = 0;
          for (int i = 0; i < k; i++) {
            int row = (y * k + i) * w + x * k;
            for (int j = 0; j < k; j++) {
              sum += out[row + j];
            }
          }
          pooled[y * ow + x] = sum * norm;
        }
      }
    }
    // pooled plane of (t, b, c) in [T, B, C, oh, ow]
    pool.out().write(((t * batch + b) * channels + c) * oh * ow, pooled, 0, oh * ow, scratch);
  }

  private void checkPool(PoolTarget pool, Vec spikes) {
    if (pool == null ? spikes == null : pool.height() * pool.width() != spatial) {
      throw new IllegalArgumentException(
          "scan needs spikes or a pool target matching HW " + spatial);
    }
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
   * @param spikes out: s, {@code [T, B, C, HW]}, or null when only pooled spikes are wanted
   * @param pool fused pooling of the spikes, or null
   * @param mean out: batch mean per {@code [T, C]}
   * @param invStd out: {@code 1 / sqrt(σ²_batch + ε)} per {@code [T, C]}
   * @param layerInput null, or the sparse input of a 3×3 convolution with weights {@code weight}
   *     ({@code [3, 3, in, C]}): then I is computed here from the non-zero inputs ({@link
   *     SparseConvInput#convolveRow}, rounded to the storage type) and written to {@code input} for
   *     the backward pass, instead of read from it
   */
  void forwardTrain(
      Vec input,
      Vec gamma,
      Vec runningMean,
      Vec runningVar,
      double momentum,
      Vec membrane,
      Vec spikes,
      PoolTarget pool,
      double[] mean,
      double[] invStd,
      SparseConvInput layerInput,
      Vec weight) {
    checkPool(pool, spikes);
    if ((layerInput == null) != (weight == null)) {
      throw new IllegalArgumentException("layerInput and weight go together");
    }
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
              double[] block = new double[n];
              double[] out = new double[spatial];
              float[] scratch = new float[spatial];
              double[] pooled = new double[spatial];
              double[] kernel = layerInput == null ? null : layerInput.kernel(weight, channels, c);
              boolean f32 = input instanceof Vec.F32;
              for (int t = 0; t < timesteps; t++) {
                // row by row while the row is in L1: read and sum (in index order, as one loop)
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                  int o = b * spatial;
                  if (kernel == null) {
                    input.read(base(t, b, c), block, o, spatial, scratch);
                  } else {
                    layerInput.convolveRow(t * batch + b, kernel, block, o);
                    if (f32) {
                      for (int k = o; k < o + spatial; k++) {
                        block[k] = (float) block[k]; // I as float32 storage holds it
                      }
                    }
                    input.write(base(t, b, c), block, o, spatial, scratch);
                  }
                  for (int k = o; k < o + spatial; k++) {
                    sum += block[k];
                  }
                }
                double mu = sum / n;
                double sq = 0;
                for (int k = 0; k < n; k++) {
                  double d = block[k] - mu;
                  sq += d * d;
                }
                double var = sq / n; // biased: used to normalise
                int tc = t * channels + c;
                double inv = 1.0 / Math.sqrt(var + eps);
                mean[tc] = mu;
                invStd[tc] = inv;
                runningMean.set(tc, (1 - momentum) * runningMean.get(tc) + momentum * mu);
                // unbiased variance for the running estimate, as PyTorch
                runningVar.set(
                    tc, (1 - momentum) * runningVar.get(tc) + momentum * var * n / (n - 1));
                double scale = gamma.get(tc) * inv;
                for (int b = 0; b < batch; b++) {
                  stepRow(block, b * spatial, out, u, b * spatial, scale, -mu * scale);
                  membrane.write(base(t, b, c), block, b * spatial, spatial, scratch);
                  emitRow(t, b, c, out, spikes, pool, scratch, pooled);
                }
              }
            });
  }

  /** Evaluation forward with the running statistics of each t; the membrane is not kept. */
  void forwardEval(
      Vec input, Vec gamma, Vec runningMean, Vec runningVar, Vec spikes, PoolTarget pool) {
    checkPool(pool, spikes);
    int n = batch * spatial;
    IntStream.range(0, channels)
        .parallel()
        .forEach(
            c -> {
              double[] u = new double[n];
              double[] block = new double[spatial];
              double[] out = new double[spatial];
              float[] scratch = new float[spatial];
              double[] pooled = new double[spatial];
              for (int t = 0; t < timesteps; t++) {
                int tc = t * channels + c;
                double scale = gamma.get(tc) / Math.sqrt(runningVar.get(tc) + eps);
                double shift = -runningMean.get(tc) * scale;
                for (int b = 0; b < batch; b++) {
                  input.read(base(t, b, c), block, 0, spatial, scratch);
                  stepRow(block, 0, out, u, b * spatial, scale, shift);
                  emitRow(t, b, c, out, spikes, pool, scratch, pooled);
                }
              }
            });
  }

  /**
   * {@code v = λu + scale·I + shift}, spike, soft reset for HW neurons: I at {@code block[from..]},
   * which receives v; state at {@code u[state..]}; spikes to {@code spikesOut[0..]}.
   */
  private void stepRow(
      double[] block,
      int from,
      double[] spikesOut,
      double[] u,
      int state,
      double scale,
      double shift) {
    if (spikeFunction == SpikeFunction.HEAVISIDE) {
      // the hot loop, kept free of calls so that it vectorises
      for (int k = 0; k < spatial; k++) {
        double v = leak * u[state + k] + scale * block[from + k] + shift;
        // s = 1 iff θ − v < 0 (strict v > θ), from the sign bit: branch-free, as spikes are
        // unpredictable and a branch cost 3-5x in a micro-benchmark
        double s = (double) (Double.doubleToRawLongBits(threshold - v) >>> 63);
        spikesOut[k] = s;
        u[state + k] = v - threshold * s;
        block[from + k] = v;
      }
    } else {
      for (int k = 0; k < spatial; k++) {
        double v = leak * u[state + k] + scale * block[from + k] + shift;
        double s = spikeFunction.spike(v, threshold);
        spikesOut[k] = s;
        u[state + k] = v - threshold * s;
        block[from + k] = v;
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
   * <p>Fused, while a block is in cache: the backward of the average pooling that followed the
   * spikes ({@code pool}: each spike of a window gets {@code 1/k²} of the window's gradient, the
   * floored rows and columns none, as {@link AvgPoolKernel#backward}), and the weight gradient of a
   * 3×3 convolution that produced I from a sparse input ({@code layerInput}, {@link
   * SparseConvInput}), so that neither the full-resolution ∂L/∂s nor, for a first layer, ∂L/∂I is
   * ever stored.
   *
   * @param input I from the forward pass
   * @param gradSpikes ∂L/∂s {@code [T, B, C, HW]}, or null when {@code pool} is given
   * @param pool ∂L/∂(pooled s) in {@code pool.out()}, {@code [T, B, C, HW/k²]}, or null
   * @param gradInput out: ∂L/∂I {@code [T, B, C, HW]} (may be {@code gradSpikes}: in place), or
   *     null when only the parameter gradients are wanted
   * @param gammaGrad out: ∂L/∂γ {@code [T, C]} (overwritten)
   * @param layerInput the sparse input of the convolution that made I, or null
   * @param weightGrad out with {@code layerInput}: ∂L/∂W {@code [3, 3, in, C]} (overwritten)
   */
  void backward(
      Vec input,
      Vec gamma,
      double[] mean,
      double[] invStd,
      Vec membrane,
      Vec gradSpikes,
      PoolTarget pool,
      Vec gradInput,
      Vec gammaGrad,
      SparseConvInput layerInput,
      Vec weightGrad) {
    if ((gradSpikes == null) == (pool == null)) {
      throw new IllegalArgumentException("backward needs exactly one of gradSpikes and pool");
    }
    if (pool != null && pool.height() * pool.width() != spatial) {
      throw new IllegalArgumentException("pool does not match HW " + spatial);
    }
    if ((layerInput == null) != (weightGrad == null)) {
      throw new IllegalArgumentException("layerInput and weightGrad go together");
    }
    int n = batch * spatial;
    boolean fullReset = resetGradient == ResetGradient.FULL;
    int taps = layerInput == null ? 0 : weightGrad.length() / channels;
    IntStream.range(0, channels)
        .parallel()
        .forEach(
            c -> {
              double[] carry = new double[n];
              double[] xhat = new double[n];
              double[] g = new double[n];
              double[] v = new double[spatial];
              float[] scratch = new float[spatial];
              double[] pooled = pool == null ? null : new double[spatial];
              double[] acc = new double[taps];
              boolean heaviside = spikeFunction == SpikeFunction.HEAVISIDE;
              double invTheta = 1.0 / threshold;
              for (int t = timesteps - 1; t >= 0; t--) {
                int tc = t * channels + c;
                double mu = mean[tc];
                double inv = invStd[tc];
                double sumG = 0;
                double sumGx = 0;
                // row by row while the row is in L1 (sums in index order, as one loop over n)
                for (int b = 0; b < batch; b++) {
                  int o = b * spatial;
                  input.read(base(t, b, c), xhat, o, spatial, scratch);
                  membrane.read(base(t, b, c), v, 0, spatial, scratch);
                  if (pool == null) {
                    gradSpikes.read(base(t, b, c), g, o, spatial, scratch);
                  } else {
                    unpoolRow(pool, t, b, c, g, o, pooled, scratch);
                  }
                  for (int k = 0; k < spatial; k++) {
                    int i = o + k;
                    double d =
                        heaviside
                            // SpikeFunction.HEAVISIDE's surrogate, inlined for the hot loop
                            ? SURROGATE_HEIGHT * triangle(v[k] * invTheta - 1.0) * invTheta
                            : spikeFunction.derivative(v[k], threshold);
                    double dudv = fullReset ? 1.0 - threshold * d : 1.0;
                    double gv = g[i] * d + carry[i] * dudv;
                    carry[i] = leak * gv;
                    g[i] = gv;
                    double x = (xhat[i] - mu) * inv;
                    xhat[i] = x;
                    sumG += gv;
                    sumGx += gv * x;
                  }
                }
                gammaGrad.set(tc, sumGx);
                double scale = gamma.get(tc) * inv;
                double offset = -scale * sumG / n;
                double slope = -scale * sumGx / n;
                for (int b = 0; b < batch; b++) {
                  int o = b * spatial;
                  batchNormInputGradient(g, xhat, o, spatial, scale, offset, slope);
                  if (gradInput != null) {
                    gradInput.write(base(t, b, c), g, o, spatial, scratch);
                  }
                  if (layerInput != null) {
                    layerInput.addWeightGradient(t * batch + b, g, o, acc);
                  }
                }
              }
              // acc[k] is W[k / in, k % in, c] of the [3·3, in, C] weight gradient
              for (int k = 0; k < taps; k++) {
                weightGrad.set(k * channels + c, acc[k]);
              }
            });
  }

  /**
   * ∂L/∂s of sample b, channel c at step t, into {@code g[offset..offset+HW)}, from the pooled
   * gradient: every spike of a k×k window gets {@code 1/k²} of the window's gradient, rounded to
   * the storage type as the separate {@link AvgPoolKernel#backward} stored it; rows and columns
   * past the last full window get 0.
   */
  private void unpoolRow(
      PoolTarget pool,
      int t,
      int b,
      int c,
      double[] g,
      int offset,
      double[] pooled,
      float[] scratch) {
    int k = pool.size();
    int w = pool.width();
    int oh = pool.outHeight();
    int ow = pool.outWidth();
    double norm = 1.0 / (k * k);
    boolean f32 = pool.out() instanceof Vec.F32;
    if (oh * k != pool.height() || ow * k != w) {
      java.util.Arrays.fill(g, offset, offset + spatial, 0.0); // floored rows or columns
    }
    // pooled plane of (t, b, c) in [T, B, C, oh, ow]
    pool.out().read(((t * batch + b) * channels + c) * oh * ow, pooled, 0, oh * ow, scratch);
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double share = pooled[y * ow + x] * norm;
        if (f32) {
          share = (float) share;
        }
        int corner = offset + y * k * w + x * k;
        for (int i = 0; i < k; i++) {
          for (int j = 0; j < k; j++) {
            g[corner + i * w + j] = share;
          }
        }
      }
    }
  }

  /**
   * {@code max(0, 1 - |x|)} without branches (membranes scatter around θ, so a branch on them is
   * unpredictable): |x| by clearing the sign bit, and {@code m = 1 − |x|} kept when its sign bit is
   * clear, else multiplied by 0 (giving −0 for negative m, equal to 0 in every later use). Not with
   * {@code Math.max} and {@code Math.abs} on doubles: that loop crashed the C2 compiler of JDK
   * 17.0.15 ({@code TypeVect::xmeet}, "Should not reach here") when it vectorised them.
   */
  private static double triangle(double x) {
    double a = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE);
    double m = 1.0 - a;
    return m * (double) (~Double.doubleToRawLongBits(m) >>> 63);
  }

  /**
   * {@code g ← scale·g + offset + slope·x̂}, i.e. {@code γ·invStd·(g − mean(g) − x̂·mean(g·x̂))}
   * with the means folded into {@code offset} and {@code slope}. A method of its own: the inline
   * form {@code scale * (g - meanG - xhat * meanGx)} crashed the C2 compiler of JDK 17.0.15
   * (ShouldNotReachHere in TypeVect::xmeet while vectorising the OSR loop).
   */
  private static void batchNormInputGradient(
      double[] g, double[] xhat, int from, int len, double scale, double offset, double slope) {
    for (int k = from; k < from + len; k++) {
      g[k] = scale * g[k] + offset + slope * xhat[k];
    }
  }
}
