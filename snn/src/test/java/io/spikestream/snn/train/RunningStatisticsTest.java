package io.spikestream.snn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BNTT statistics follow PyTorch's {@code BatchNorm} convention (DESIGN section 7), checked on a
 * case small enough to compute by hand: T = 2, B = 2, one channel, 2 pixels, γ = 1, λ = 0.95, θ =
 * 1.
 */
class RunningStatisticsTest {

  @Test
  void batchStatisticsNormaliseAndRunningStatisticsUseTheUnbiasedVariance() {
    LifBnttScan scan =
        new LifBnttScan(
            2, 2, 1, 2, 0.95, 1.0, 1e-4, SpikeFunction.HEAVISIDE, ResetGradient.DETACHED);
    // t = 0: values 1, 2 (sample 0) and 3, 6 (sample 1): mean 3, biased var (4+1+0+9)/4 = 3.5,
    //        unbiased 14/3.
    // t = 1: values 0, 0, 0, 4: mean 1, biased var (1+1+1+9)/4 = 3, unbiased 4.
    INDArray input =
        Nd4j.createFromArray(1.0, 2.0, 3.0, 6.0, 0.0, 0.0, 0.0, 4.0).reshape(2, 2, 1, 2);
    INDArray gamma = Nd4j.ones(DataType.DOUBLE, 2, 1);
    INDArray runningMean = Nd4j.zeros(DataType.DOUBLE, 2, 1);
    INDArray runningVar = Nd4j.ones(DataType.DOUBLE, 2, 1);
    INDArray membrane = Nd4j.create(DataType.DOUBLE, 2, 2, 1, 2);
    INDArray spikes = Nd4j.create(DataType.DOUBLE, 2, 2, 1, 2);
    double[] mean = new double[2];
    double[] invStd = new double[2];
    scan.forwardTrain(
        Vec.of(input),
        Vec.of(gamma),
        Vec.of(runningMean),
        Vec.of(runningVar),
        0.1,
        Vec.of(membrane),
        Vec.of(spikes),
        null,
        mean,
        invStd,
        null,
        null);

    assertThat(mean).containsExactly(new double[] {3.0, 1.0}, offset(1e-12));
    assertThat(invStd[0]).isCloseTo(1 / Math.sqrt(3.5 + 1e-4), offset(1e-12));
    // running = 0.9 · old + 0.1 · batch (PyTorch momentum 0.1), variance unbiased
    assertThat(runningMean.getDouble(0, 0)).isCloseTo(0.3, offset(1e-12));
    assertThat(runningMean.getDouble(1, 0)).isCloseTo(0.1, offset(1e-12));
    assertThat(runningVar.getDouble(0, 0)).isCloseTo(0.9 + 0.1 * 14.0 / 3.0, offset(1e-12));
    assertThat(runningVar.getDouble(1, 0)).isCloseTo(0.9 + 0.1 * 4.0, offset(1e-12));

    // t = 0: v = (x − 3) / sqrt(3.5001) = −1.069, −0.535, 0, 1.604 -> only the last spikes
    double s0 = Math.sqrt(3.5 + 1e-4);
    assertThat(membrane.getDouble(0, 1, 0, 1)).isCloseTo(3 / s0, offset(1e-12));
    assertThat(spikes.getDouble(0, 0, 0, 0)).isZero();
    assertThat(spikes.getDouble(0, 1, 0, 1)).isEqualTo(1.0);
    // t = 1, sample 1 pixel 1: u = 3/s0 − 1 after the soft reset, then 0.95 u + (4 −
    // 1)/sqrt(3.0001)
    double expected = 0.95 * (3 / s0 - 1) + 3 / Math.sqrt(3 + 1e-4);
    assertThat(membrane.getDouble(1, 1, 0, 1)).isCloseTo(expected, offset(1e-12));
    // sample 0 pixel 0: u = −2/s0, then 0.95 u + (0 − 1)/sqrt(3.0001), no spike
    assertThat(membrane.getDouble(1, 0, 0, 0))
        .isCloseTo(0.95 * (-2 / s0) - 1 / Math.sqrt(3 + 1e-4), offset(1e-12));
    assertThat(spikes.getDouble(1, 0, 0, 0)).isZero();
  }

  @Test
  void evaluationUsesTheRunningStatisticsOfEachTimestep() {
    LifBnttScan scan =
        new LifBnttScan(
            2, 1, 1, 1, 0.5, 1.0, 1e-4, SpikeFunction.HEAVISIDE, ResetGradient.DETACHED);
    INDArray input = Nd4j.createFromArray(3.0, 3.0).reshape(2, 1, 1, 1);
    INDArray gamma = Nd4j.createFromArray(1.0, 2.0).reshape(2, 1);
    INDArray runningMean = Nd4j.createFromArray(1.0, 2.0).reshape(2, 1);
    INDArray runningVar = Nd4j.createFromArray(4.0 - 1e-4, 1.0 - 1e-4).reshape(2, 1);
    INDArray spikes = Nd4j.create(DataType.DOUBLE, 2, 1, 1, 1);
    scan.forwardEval(
        Vec.of(input),
        Vec.of(gamma),
        Vec.of(runningMean),
        Vec.of(runningVar),
        Vec.of(spikes),
        null);
    // t = 0: v = 1 · (3 − 1) / 2 = 1.0, not > θ (strict) -> 0; t = 1: v = 0.5 · 1 + 2 · 1 = 2.5 ->
    // 1
    assertThat(spikes.getDouble(0, 0, 0, 0)).isZero();
    assertThat(spikes.getDouble(1, 0, 0, 0)).isEqualTo(1.0);
  }
}
