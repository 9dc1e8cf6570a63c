package io.spikestream.snn.infer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowSums} on the Vector API: the 64 sums live in eight 8-lane registers over all rows, so
 * each row costs eight loads, multiplies and adds, with no store until the end. Written so that C2
 * keeps the vectors in registers: eight named accumulators, no helper method taking vectors (JDK 17
 * boxed them then, and the kernel ran 2x slower), one flat weight array (no row references to
 * load). Compiled and loaded apart from the module (see {@link RowSums}).
 */
final class VectorRowSums implements RowSums {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  @Override
  public void sum(
      float[] dst, int off, float[] w, int stride, int from, int[] rows, float[] vals, int n) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    FloatVector a4 = FloatVector.zero(S);
    FloatVector a5 = FloatVector.zero(S);
    FloatVector a6 = FloatVector.zero(S);
    FloatVector a7 = FloatVector.zero(S);
    for (int i = 0; i < n; i++) {
      int r = rows[i] * stride + from;
      float v = vals[i];
      a0 = FloatVector.fromArray(S, w, r).mul(v).add(a0);
      a1 = FloatVector.fromArray(S, w, r + 8).mul(v).add(a1);
      a2 = FloatVector.fromArray(S, w, r + 16).mul(v).add(a2);
      a3 = FloatVector.fromArray(S, w, r + 24).mul(v).add(a3);
      a4 = FloatVector.fromArray(S, w, r + 32).mul(v).add(a4);
      a5 = FloatVector.fromArray(S, w, r + 40).mul(v).add(a5);
      a6 = FloatVector.fromArray(S, w, r + 48).mul(v).add(a6);
      a7 = FloatVector.fromArray(S, w, r + 56).mul(v).add(a7);
    }
    a0.intoArray(dst, off);
    a1.intoArray(dst, off + 8);
    a2.intoArray(dst, off + 16);
    a3.intoArray(dst, off + 24);
    a4.intoArray(dst, off + 32);
    a5.intoArray(dst, off + 40);
    a6.intoArray(dst, off + 48);
    a7.intoArray(dst, off + 56);
  }
}
