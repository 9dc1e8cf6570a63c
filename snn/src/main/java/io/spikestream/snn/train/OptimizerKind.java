package io.spikestream.snn.train;

/** The update rule. */
public enum OptimizerKind {
  /** SGD with momentum and L2 weight decay, as PyTorch's {@code SGD} (the paper's choice). */
  SGD,
  /** Adam with L2 weight decay added to the gradient, as PyTorch's {@code Adam}. */
  ADAM
}
