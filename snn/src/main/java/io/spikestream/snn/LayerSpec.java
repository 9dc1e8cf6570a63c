package io.spikestream.snn;

/** One layer of an {@link Architecture}. */
public sealed interface LayerSpec {

  /** Short token of the layer in a spec string, e.g. {@code c64}, {@code p2}, {@code f256}. */
  String token();

  /**
   * 3x3 convolution, stride 1, padding 1, no bias, followed by BNTT and LIF neurons. Weight {@code
   * [out, in, 3, 3]} as PyTorch.
   */
  record Conv3x3(int outChannels) implements LayerSpec {
    public Conv3x3 {
      if (outChannels < 1) {
        throw new IllegalArgumentException("conv outChannels must be >= 1, got " + outChannels);
      }
    }

    @Override
    public String token() {
      return "c" + outChannels;
    }
  }

  /**
   * Average pooling over {@code size x size} windows with stride {@code size}, applied to spikes;
   * odd sizes are floored (17 -> 8) as PyTorch's {@code AvgPool2d}.
   */
  record AvgPool(int size) implements LayerSpec {
    public AvgPool {
      if (size < 2) {
        throw new IllegalArgumentException("pool size must be >= 2, got " + size);
      }
    }

    @Override
    public String token() {
      return "p" + size;
    }
  }

  /**
   * Fully connected layer, no bias, followed by BNTT and LIF neurons. Input flattened in {@code (C,
   * H, W)} order. Weight {@code [out, in]} as PyTorch.
   */
  record Linear(int outFeatures) implements LayerSpec {
    public Linear {
      if (outFeatures < 1) {
        throw new IllegalArgumentException("linear outFeatures must be >= 1, got " + outFeatures);
      }
    }

    @Override
    public String token() {
      return "f" + outFeatures;
    }
  }
}
