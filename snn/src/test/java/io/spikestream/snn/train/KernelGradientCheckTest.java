package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of each kernel on its own, float64, with the loss {@code L = Σ r ⊙ y}
 * for a fixed random r (so ∂L/∂y = r): convolution, average pooling (odd size, floored), and BNTT
 * with batch statistics plus the LIF recurrence over several timesteps (smooth spike, full reset
 * gradient).
 */
class KernelGradientCheckTest {

  private final Random random = new Random(42);

  @Test
  void convolutionInputAndWeightGradients() {
    INDArray x = Nd4j.create(DataType.DOUBLE, 2, 3, 5, 4);
    INDArray w = Nd4j.create(DataType.DOUBLE, 3, 3, 3, 4);
    INDArray r = Nd4j.create(DataType.DOUBLE, 2, 4, 5, 4);
    GradientChecks.fill(x, random, -1, 1);
    GradientChecks.fill(w, random, -1, 1);
    GradientChecks.fill(r, random, -1, 1);
    INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
    INDArray gw = Nd4j.create(DataType.DOUBLE, w.shape());
    ConvOps.backward(x, w, r, gx, gw);
    java.util.function.DoubleSupplier loss =
        () -> {
          INDArray y = Nd4j.create(DataType.DOUBLE, 2, 4, 5, 4);
          ConvOps.forward(x, w, y);
          return GradientChecks.dot(y, r);
        };
    assertThat(GradientChecks.check("conv input", x, gx, loss, 1000, 1)).isEqualTo(120);
    assertThat(GradientChecks.check("conv weight", w, gw, loss, 1000, 2)).isEqualTo(108);
  }

  @Test
  void convolutionMatchesDirectSum() {
    // y[n, o, i, j] = Σ_c Σ_{ky,kx} W[ky, kx, c, o] · x[n, c, i + ky − 1, j + kx − 1] (zero
    // padding)
    INDArray x = Nd4j.create(DataType.DOUBLE, 1, 2, 4, 3);
    INDArray w = Nd4j.create(DataType.DOUBLE, 3, 3, 2, 3);
    GradientChecks.fill(x, random, -1, 1);
    GradientChecks.fill(w, random, -1, 1);
    INDArray y = Nd4j.create(DataType.DOUBLE, 1, 3, 4, 3);
    ConvOps.forward(x, w, y);
    for (int o = 0; o < 3; o++) {
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 3; j++) {
          double sum = 0;
          for (int c = 0; c < 2; c++) {
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int yy = i + ky - 1;
                int xx = j + kx - 1;
                if (yy >= 0 && yy < 4 && xx >= 0 && xx < 3) {
                  sum += w.getDouble(ky, kx, c, o) * x.getDouble(0, c, yy, xx);
                }
              }
            }
          }
          assertThat(y.getDouble(0, o, i, j))
              .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-12));
        }
      }
    }
  }

  @Test
  void averagePoolingFloorsOddSizesAndItsGradientMatches() {
    int planes = 3;
    AvgPoolKernel pool = new AvgPoolKernel(planes, 5, 7, 2);
    assertThat(pool.outHeight()).isEqualTo(2);
    assertThat(pool.outWidth()).isEqualTo(3);
    INDArray x = Nd4j.create(DataType.DOUBLE, planes, 5, 7);
    INDArray r = Nd4j.create(DataType.DOUBLE, planes, 2, 3);
    GradientChecks.fill(x, random, -1, 1);
    GradientChecks.fill(r, random, -1, 1);
    INDArray y = Nd4j.create(DataType.DOUBLE, planes, 2, 3);
    pool.forward(Vec.of(x), Vec.of(y));
    double expected =
        (x.getDouble(1, 2, 4) + x.getDouble(1, 2, 5) + x.getDouble(1, 3, 4) + x.getDouble(1, 3, 5))
            / 4;
    assertThat(y.getDouble(1, 1, 2))
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
    pool.backward(Vec.of(r), Vec.of(gx));
    // the floored last row and column get no gradient
    assertThat(gx.getDouble(0, 4, 0)).isZero();
    assertThat(gx.getDouble(2, 1, 6)).isZero();
    java.util.function.DoubleSupplier loss =
        () -> {
          INDArray out = Nd4j.create(DataType.DOUBLE, planes, 2, 3);
          pool.forward(Vec.of(x), Vec.of(out));
          return GradientChecks.dot(out, r);
        };
    assertThat(GradientChecks.check("pool input", x, gx, loss, 1000, 3)).isEqualTo(105);
  }

  @Test
  void bnttAndLifScanGradientsOverTimesteps() {
    int t = 4;
    int b = 3;
    int c = 2;
    int hw = 5;
    LifBnttScan scan =
        new LifBnttScan(t, b, c, hw, 0.9, 1.0, 1e-4, SpikeFunction.SIGMOID, ResetGradient.FULL);
    INDArray input = Nd4j.create(DataType.DOUBLE, t, b, c, hw);
    INDArray gamma = Nd4j.create(DataType.DOUBLE, t, c);
    INDArray r = Nd4j.create(DataType.DOUBLE, t, b, c, hw);
    GradientChecks.fill(input, random, -2, 2);
    GradientChecks.fill(gamma, random, 0.5, 2);
    GradientChecks.fill(r, random, -1, 1);
    java.util.function.DoubleSupplier loss =
        () -> GradientChecks.dot(forward(scan, input, gamma, t, b, c, hw).spikes, r);
    Result res = forward(scan, input, gamma, t, b, c, hw);
    INDArray grad = r.dup('c');
    INDArray gammaGrad = Nd4j.create(DataType.DOUBLE, t, c);
    scan.backward(
        Vec.of(input),
        Vec.of(gamma),
        res.mean,
        res.invStd,
        Vec.of(res.membrane),
        Vec.of(grad),
        null,
        Vec.of(grad),
        Vec.of(gammaGrad),
        null,
        null);
    assertThat(GradientChecks.check("scan input", input, grad, loss, 1000, 4)).isEqualTo(120);
    assertThat(GradientChecks.check("scan gamma", gamma, gammaGrad, loss, 1000, 5)).isEqualTo(8);
  }

  @Test
  void detachedResetDropsOnlyTheResetPath() {
    // the production semantics differ from the exact gradient, so the check must see a difference
    int t = 3;
    INDArray input = Nd4j.create(DataType.DOUBLE, t, 2, 1, 4);
    INDArray gamma = Nd4j.ones(DataType.DOUBLE, t, 1).muli(1.5);
    GradientChecks.fill(input, random, -2, 2);
    INDArray r = Nd4j.ones(DataType.DOUBLE, t, 2, 1, 4);
    double[] norms = new double[2];
    ResetGradient[] modes = {ResetGradient.FULL, ResetGradient.DETACHED};
    for (int m = 0; m < 2; m++) {
      LifBnttScan scan =
          new LifBnttScan(t, 2, 1, 4, 0.9, 1.0, 1e-4, SpikeFunction.SIGMOID, modes[m]);
      Result res = forward(scan, input, gamma, t, 2, 1, 4);
      INDArray grad = r.dup('c');
      scan.backward(
          Vec.of(input),
          Vec.of(gamma),
          res.mean,
          res.invStd,
          Vec.of(res.membrane),
          Vec.of(grad),
          null,
          Vec.of(grad),
          Vec.of(Nd4j.create(DataType.DOUBLE, t, 1)),
          null,
          null);
      norms[m] = grad.norm2Number().doubleValue();
    }
    assertThat(Math.abs(norms[0] - norms[1])).isGreaterThan(1e-3 * norms[0]);
  }

  private record Result(INDArray spikes, INDArray membrane, double[] mean, double[] invStd) {}

  private static Result forward(
      LifBnttScan scan, INDArray input, INDArray gamma, int t, int b, int c, int hw) {
    INDArray spikes = Nd4j.create(DataType.DOUBLE, t, b, c, hw);
    INDArray membrane = Nd4j.create(DataType.DOUBLE, t, b, c, hw);
    double[] mean = new double[t * c];
    double[] invStd = new double[t * c];
    scan.forwardTrain(
        Vec.of(input),
        Vec.of(gamma),
        Vec.of(Nd4j.zeros(DataType.DOUBLE, t, c)),
        Vec.of(Nd4j.ones(DataType.DOUBLE, t, c)),
        0.1,
        Vec.of(membrane),
        Vec.of(spikes),
        null,
        mean,
        invStd,
        null,
        null);
    return new Result(spikes, membrane, mean, invStd);
  }
}
