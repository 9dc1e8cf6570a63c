package io.spikestream.snn.model;

/** What a layer of a {@link NetworkConfig} does (DESIGN section 7). */
public enum LayerKind {
  /** 3x3 convolution, padding 1, no bias, then BNTT and LIF neurons. */
  CONV3X3,
  /** Average pooling of spikes, stride = size, odd sizes floored. */
  AVG_POOL,
  /** Fully connected, no bias, then BNTT and LIF neurons; input flattened in (C, H, W) order. */
  LINEAR
}
