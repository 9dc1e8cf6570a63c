package io.spikestream.snn.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 3x3 convolution, stride 1, padding 1, no bias, through ND4J's {@code conv2d} / {@code conv2d_bp}
 * custom ops (oneDNN on this classpath). Activations are NCHW; weights are in ND4J's default {@code
 * [kH, kW, in, out]} ("YXIO") layout, because {@code conv2d_bp} fails with the PyTorch {@code [out,
 * in, kH, kW]} layout (FACTS.md); {@link BnttNetwork} converts at import and export.
 */
final class ConvOps {

  /** kH, kW, sH, sW, pH, pW, dH, dW, same-mode 0 (explicit padding), NCHW 0, weights YXIO 0. */
  private static final int[] ARGS = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0};

  private ConvOps() {}

  /** {@code out[n, o] = Σ_i W[:, :, i, o] ⋆ in[n, i]}; out is {@code [N, out, H, W]}. */
  static void forward(INDArray input, INDArray weights, INDArray out) {
    Nd4j.getExecutioner()
        .exec(
            DynamicCustomOp.builder("conv2d")
                .addInputs(input, weights)
                .addOutputs(out)
                .addIntegerArguments(ARGS)
                .build());
  }

  /** Gradients with respect to the input ({@code [N, in, H, W]}) and the weights. */
  static void backward(
      INDArray input, INDArray weights, INDArray gradOut, INDArray gradIn, INDArray gradWeights) {
    Nd4j.getExecutioner()
        .exec(
            DynamicCustomOp.builder("conv2d_bp")
                .addInputs(input, weights, gradOut)
                .addOutputs(gradIn, gradWeights)
                .addIntegerArguments(ARGS)
                .build());
  }
}
