package io.spikestream.snn.train;

/**
 * Softmax cross-entropy on logits, averaged over the batch, and its gradient {@code (softmax −
 * onehot) / B}.
 */
final class CrossEntropy {

  private CrossEntropy() {}

  /**
   * @param logits {@code [B, K]} row-major
   * @param labels B class indices in {@code [0, K)}
   * @param gradOut out: {@code ∂loss/∂logits}, {@code [B, K]}
   * @return the mean loss
   */
  static double lossAndGradient(double[] logits, int[] labels, int classes, double[] gradOut) {
    int batch = labels.length;
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      int label = labels[b];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "label " + label + " of sample " + b + " outside [0, " + classes + ")");
      }
      int o = b * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[o + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[o + k] - max);
      }
      double logSum = max + Math.log(sum);
      loss += logSum - logits[o + label];
      for (int k = 0; k < classes; k++) {
        double p = Math.exp(logits[o + k] - logSum);
        gradOut[o + k] = (p - (k == label ? 1 : 0)) / batch;
      }
    }
    return loss / batch;
  }
}
