package io.spikestream.snn.train;

/**
 * Outcome of one training step.
 *
 * @param loss mean cross-entropy of the batch (before the update)
 * @param correct samples whose final logits' argmax equals the label
 * @param batch B
 */
public record BatchResult(double loss, int correct, int batch) {

  /** Fraction correct in the batch. */
  public double accuracy() {
    return batch == 0 ? 0 : (double) correct / batch;
  }
}
