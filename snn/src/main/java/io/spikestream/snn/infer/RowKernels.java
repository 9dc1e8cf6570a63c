package io.spikestream.snn.infer;

/**
 * The event-driven kernel's inner loops on the Vector API, when the JVM has it ({@link
 * EventDrivenNetwork}): the weight-row sums of a gathering conv layer, and the firing and 2x2
 * pooling of a conv row. The implementation, {@code VectorRowKernels}, is compiled apart from the
 * rest of the module (javac cannot silence its incubator-module warning, and the build fails on
 * warnings) and loaded by name, so that this module runs without {@code jdk.incubator.vector}.
 */
interface RowKernels {

  /** Width of one {@link #sumSegments} call's block of output channels. */
  int WIDTH = 64;

  /** Lanes of one vector: {@link #fire} and {@link #pool2} need channels in multiples of it. */
  int LANES = 8;

  /**
   * {@code dst[off + j] = Σ vals[e] · w[keys[e] + base_s + j]} for j below {@link #WIDTH}, over the
   * entries e of up to three segments of a sparse slot, read in place: segment s is {@code from_s
   * <= e < to_s}, its entries' weight rows start at {@code keys[e] + base_s} (keys already scaled
   * to array offsets); segments in order 0, 1, 2, entries in slot order (the order in which the
   * scalar path gathers the rows), one fused multiply-add per row ({@code acc = fma(v, row, acc)}
   * from +0: one rounding per row, where the scalar path rounds the product and the sum apart). An
   * empty segment has {@code from == to}.
   */
  void sumSegments(
      float[] dst,
      int off,
      float[] w,
      int[] keys,
      float[] vals,
      int from0,
      int to0,
      int base0,
      int from1,
      int to1,
      int base1,
      int from2,
      int to2,
      int base2);

  /**
   * BNTT + LIF + soft reset (DESIGN section 7) of the neurons {@code from..to} of one padded conv
   * row ({@code [(width+2)*channels]}, channel-last; pass the columns without the pads): {@code u =
   * λ m + scale (cur − mean)} with the BNTT constants laid along the row, spike iff {@code u > θ},
   * {@code m = u − θ} where it spiked, else {@code u}; the current is cleared; the spike (0 or 1)
   * is stored into {@code pool} at the neuron's index, or added there when {@code add}. Bit for bit
   * the scalar {@code fireRows}. Returns the number of spikes.
   *
   * @param from a multiple of {@link #LANES}, as is {@code to}
   */
  int fire(
      float[] m,
      float[] cur,
      float[] scale,
      float[] mean,
      int from,
      int to,
      float leak,
      float threshold,
      float[] pool,
      boolean add);

  /**
   * The 2x2 average pooling of one pooled row from {@code v}, the sum of its two spike rows (padded
   * as in {@link #fire}): pooled position px sums padded columns {@code 2px+1, 2px+2} per channel
   * and appends the non-zero results × 1/4, in channel order, as entries {@code n..} of position
   * {@code py*outWidth + px}. Overwrites the pooled part of {@code v}. Returns the new entry count.
   *
   * @param channels a multiple of {@link #LANES}
   */
  int pool2(
      float[] v,
      int channels,
      int outWidth,
      int py,
      int[] outStart,
      int[] outChan,
      float[] outVal,
      int n);
}
