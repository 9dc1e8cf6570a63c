package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences against analytical gradients, float64. */
final class GradientChecks {

  static final double STEP = 1e-6;
  static final double RELATIVE_TOLERANCE = 1e-3;

  private GradientChecks() {}

  /**
   * Checks {@code samples} random entries (or all, if fewer) of {@code parameter} against {@code
   * analytic}: {@code |a − n| <= 1e-3 · max(|a|, |n|) + 1e-9}.
   *
   * @return the number of entries checked
   */
  static int check(
      String name,
      INDArray parameter,
      INDArray analytic,
      DoubleSupplier loss,
      int samples,
      long seed) {
    Vec p = Vec.of(parameter);
    Vec a = Vec.of(analytic.dup('c'));
    int n = p.length();
    Random random = new Random(seed);
    int count = Math.min(samples, n);
    double worst = 0;
    for (int s = 0; s < count; s++) {
      int i = count == n ? s : random.nextInt(n);
      double original = p.get(i);
      p.set(i, original + STEP);
      double up = loss.getAsDouble();
      p.set(i, original - STEP);
      double down = loss.getAsDouble();
      p.set(i, original);
      double numeric = (up - down) / (2 * STEP);
      double analytical = a.get(i);
      double err = Math.abs(analytical - numeric);
      double allowed =
          RELATIVE_TOLERANCE * Math.max(Math.abs(analytical), Math.abs(numeric)) + 1e-9;
      worst = Math.max(worst, err / allowed);
      assertThat(err)
          .as("%s[%d]: analytic %.10g, numeric %.10g", name, i, analytical, numeric)
          .isLessThanOrEqualTo(allowed);
    }
    return count;
  }

  /** Fills an array with uniform values in {@code [lo, hi)}. */
  static void fill(INDArray array, Random random, double lo, double hi) {
    Vec v = Vec.of(array);
    for (int i = 0; i < v.length(); i++) {
      v.set(i, lo + (hi - lo) * random.nextDouble());
    }
  }

  /** {@code Σ r ⊙ x}, a loss whose gradient with respect to x is r. */
  static double dot(INDArray x, INDArray r) {
    Vec a = Vec.of(x.dup('c'));
    Vec b = Vec.of(r.dup('c'));
    double sum = 0;
    for (int i = 0; i < a.length(); i++) {
      sum += a.get(i) * b.get(i);
    }
    return sum;
  }
}
