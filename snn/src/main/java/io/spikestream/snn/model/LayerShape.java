package io.spikestream.snn.model;

/**
 * Derived shape of one hidden layer of a {@link NetworkConfig}: its input and output {@code C x H x
 * W} (a linear layer has {@code H = W = 1} on its output and sees its input flattened in {@code (C,
 * H, W)} order).
 *
 * @param kind what the layer does
 * @param weightIndex 0-based index among weight layers (names the artifact tensors {@code
 *     layers.<i>.*}), or -1 for a pooling layer
 * @param poolSize pooling window for {@link LayerKind#AVG_POOL}, else 0
 */
public record LayerShape(
    LayerKind kind,
    int weightIndex,
    int poolSize,
    int inChannels,
    int inHeight,
    int inWidth,
    int outChannels,
    int outHeight,
    int outWidth) {

  /** Number of input values ({@code C * H * W}). */
  public int inSize() {
    return inChannels * inHeight * inWidth;
  }

  /** Number of output neurons or values ({@code C * H * W}). */
  public int outSize() {
    return outChannels * outHeight * outWidth;
  }

  /** True for conv and linear layers, which have weights, BNTT and LIF neurons. */
  public boolean hasWeights() {
    return kind != LayerKind.AVG_POOL;
  }

  /**
   * The PyTorch shape of this layer's weight: conv {@code [out, in, 3, 3]}, linear {@code [out,
   * in]}.
   *
   * @throws IllegalStateException for a pooling layer
   */
  public int[] weightShape() {
    return switch (kind) {
      case CONV3X3 -> new int[] {outChannels, inChannels, 3, 3};
      case LINEAR -> new int[] {outChannels, inSize()};
      case AVG_POOL -> throw new IllegalStateException("a pooling layer has no weight");
    };
  }

  /** Fan-in of one output neuron (inputs that feed it). */
  public int fanIn() {
    return switch (kind) {
      case CONV3X3 -> inChannels * 9;
      case LINEAR -> inSize();
      case AVG_POOL -> poolSize * poolSize;
    };
  }

  /** Fan-out of one input value (output neurons it feeds, away from the borders). */
  public int fanOut() {
    return switch (kind) {
      case CONV3X3 -> outChannels * 9;
      case LINEAR -> outChannels;
      case AVG_POOL -> 1;
    };
  }
}
