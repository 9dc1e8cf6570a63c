package io.spikestream.snn.infer;

/**
 * Sums of weight rows for a gathering conv layer, on the Vector API when the JVM has it ({@link
 * EventDrivenNetwork}). The implementation, {@code VectorRowSums}, is compiled apart from the rest
 * of the module (javac cannot silence its incubator-module warning, and the build fails on
 * warnings) and loaded by name, so that this module runs without {@code jdk.incubator.vector}.
 */
interface RowSums {

  /** Width of one call's block of output channels. */
  int WIDTH = 64;

  /**
   * {@code dst[off + j] = Σ_i vals[i] · w[rows[i]·stride + from + j]} for j below {@link #WIDTH},
   * the rows added one at a time in the given order ({@code acc = acc + v·row}, from +0), the float
   * rounding of {@code accumulate} with one row per pass.
   */
  void sum(float[] dst, int off, float[] w, int stride, int from, int[] rows, float[] vals, int n);
}
