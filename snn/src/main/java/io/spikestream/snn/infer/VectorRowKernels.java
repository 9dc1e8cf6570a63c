package io.spikestream.snn.infer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API (256-bit, 8 lanes). Written so that C2 keeps the vectors in
 * registers: named accumulators, no helper method taking vectors (JDK 17 boxed them then, and the
 * kernel ran 2x slower), one flat weight array (no row references to load), scalars broadcast once
 * per row. Loops that touch memory once per vector or more run at about one cycle per 256-bit load
 * or store on this machine, so each loop here touches memory as little as it can. Compiled and
 * loaded apart from the module (see {@link RowKernels}).
 */
final class VectorRowKernels implements RowKernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  /**
   * The 64 sums live in eight registers over all rows of all three segments: each row costs eight
   * loads and eight fused multiply-adds, with no store until the end. The loop is written out once
   * per segment: a loop over the segments would need them in arrays, or a helper method taking the
   * accumulators (which C2 boxes). Reading the slot in place replaced gathering each position's
   * rows into a list first, which had cost more than the sums.
   */
  @Override
  public void sumSegments(
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
      int base2) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    FloatVector a4 = FloatVector.zero(S);
    FloatVector a5 = FloatVector.zero(S);
    FloatVector a6 = FloatVector.zero(S);
    FloatVector a7 = FloatVector.zero(S);
    for (int j = from0; j < to0; j++) {
      int r = keys[j] + base0;
      FloatVector v = FloatVector.broadcast(S, vals[j]);
      a0 = FloatVector.fromArray(S, w, r).fma(v, a0);
      a1 = FloatVector.fromArray(S, w, r + 8).fma(v, a1);
      a2 = FloatVector.fromArray(S, w, r + 16).fma(v, a2);
      a3 = FloatVector.fromArray(S, w, r + 24).fma(v, a3);
      a4 = FloatVector.fromArray(S, w, r + 32).fma(v, a4);
      a5 = FloatVector.fromArray(S, w, r + 40).fma(v, a5);
      a6 = FloatVector.fromArray(S, w, r + 48).fma(v, a6);
      a7 = FloatVector.fromArray(S, w, r + 56).fma(v, a7);
    }
    for (int j = from1; j < to1; j++) {
      int r = keys[j] + base1;
      FloatVector v = FloatVector.broadcast(S, vals[j]);
      a0 = FloatVector.fromArray(S, w, r).fma(v, a0);
      a1 = FloatVector.fromArray(S, w, r + 8).fma(v, a1);
      a2 = FloatVector.fromArray(S, w, r + 16).fma(v, a2);
      a3 = FloatVector.fromArray(S, w, r + 24).fma(v, a3);
      a4 = FloatVector.fromArray(S, w, r + 32).fma(v, a4);
      a5 = FloatVector.fromArray(S, w, r + 40).fma(v, a5);
      a6 = FloatVector.fromArray(S, w, r + 48).fma(v, a6);
      a7 = FloatVector.fromArray(S, w, r + 56).fma(v, a7);
    }
    for (int j = from2; j < to2; j++) {
      int r = keys[j] + base2;
      FloatVector v = FloatVector.broadcast(S, vals[j]);
      a0 = FloatVector.fromArray(S, w, r).fma(v, a0);
      a1 = FloatVector.fromArray(S, w, r + 8).fma(v, a1);
      a2 = FloatVector.fromArray(S, w, r + 16).fma(v, a2);
      a3 = FloatVector.fromArray(S, w, r + 24).fma(v, a3);
      a4 = FloatVector.fromArray(S, w, r + 32).fma(v, a4);
      a5 = FloatVector.fromArray(S, w, r + 40).fma(v, a5);
      a6 = FloatVector.fromArray(S, w, r + 48).fma(v, a6);
      a7 = FloatVector.fromArray(S, w, r + 56).fma(v, a7);
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

  /**
   * One counted loop along the row, eight neurons at a time, with no masks: the spike is the sign
   * bit of {@code θ − u} (1 iff u &gt; θ; +0 at equality) shifted down and converted to float, and
   * the lane counts add up in an int vector. Per vector four loads (membrane, current, the two
   * constants along the row) and three stores (membrane, cleared current, pool), one more load when
   * adding. (A loop down the columns per block of eight channels, with the constants in registers,
   * ran a third slower: C2 kept its bounds checks, and turning each compare mask into a count or a
   * blend cost a dozen instructions.)
   */
  @Override
  public int fire(
      float[] m,
      float[] cur,
      float[] scale,
      float[] mean,
      int from,
      int to,
      float leak,
      float threshold,
      float[] pool,
      boolean add) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector lambda = FloatVector.broadcast(S, leak);
    FloatVector theta = FloatVector.broadcast(S, threshold);
    IntVector count = IntVector.zero(IntVector.SPECIES_256);
    for (int i = from; i < to; i += LANES) {
      FloatVector u =
          lambda
              .mul(FloatVector.fromArray(S, m, i))
              .add(
                  FloatVector.fromArray(S, scale, i)
                      .mul(
                          FloatVector.fromArray(S, cur, i).sub(FloatVector.fromArray(S, mean, i))));
      IntVector fired = theta.sub(u).reinterpretAsInts().lanewise(VectorOperators.LSHR, 31);
      FloatVector spike = (FloatVector) fired.convert(VectorOperators.I2F, 0);
      u.sub(spike.mul(theta)).intoArray(m, i);
      zero.intoArray(cur, i);
      count = count.add(fired);
      if (add) {
        spike = FloatVector.fromArray(S, pool, i).add(spike);
      }
      spike.intoArray(pool, i);
    }
    return count.reduceLanes(VectorOperators.ADD);
  }

  /**
   * Per pooled position, eight channels at a time: the two columns summed in one add, the all-zero
   * groups (most of a sparse layer) skipped with one branch, the others' lanes kept branch-free (as
   * the scalar path's {@code keep}). No {@code VectorMask.toLong()}: JDK 17 boxes it.
   */
  @Override
  public int pool2(
      float[] v,
      int channels,
      int outWidth,
      int py,
      int[] outStart,
      int[] outChan,
      float[] outVal,
      int n) {
    for (int px = 0; px < outWidth; px++) {
      outStart[py * outWidth + px] = n;
      int base = (2 * px + 1) * channels;
      for (int c = 0; c < channels; c += LANES) {
        int i = base + c;
        FloatVector s =
            FloatVector.fromArray(S, v, i).add(FloatVector.fromArray(S, v, i + channels));
        if (!s.compare(VectorOperators.NE, 0f).anyTrue()) {
          continue;
        }
        // The lanes summed again in scalar: reading back a vector just stored stalls (the
        // store cannot forward to a narrower load), which cost more than the adds.
        int j = i + channels;
        n = keep(outChan, outVal, n, c, v[i] + v[j]);
        n = keep(outChan, outVal, n, c + 1, v[i + 1] + v[j + 1]);
        n = keep(outChan, outVal, n, c + 2, v[i + 2] + v[j + 2]);
        n = keep(outChan, outVal, n, c + 3, v[i + 3] + v[j + 3]);
        n = keep(outChan, outVal, n, c + 4, v[i + 4] + v[j + 4]);
        n = keep(outChan, outVal, n, c + 5, v[i + 5] + v[j + 5]);
        n = keep(outChan, outVal, n, c + 6, v[i + 6] + v[j + 6]);
        n = keep(outChan, outVal, n, c + 7, v[i + 7] + v[j + 7]);
      }
    }
    return n;
  }

  /**
   * Appends pooled 2x2 spike count {@code sum} × 1/4 of channel {@code ch} at {@code n} if it is
   * not zero, branch-free: its bits are 0 exactly when it is 0 (a count is never -0), and adding
   * {@code Integer.MAX_VALUE} carries into the sign bit otherwise. Returns the new count.
   */
  private static int keep(int[] outChan, float[] outVal, int n, int ch, float sum) {
    outChan[n] = ch;
    outVal[n] = sum * 0.25f;
    return n + ((Float.floatToRawIntBits(sum) + Integer.MAX_VALUE) >>> 31);
  }
}
