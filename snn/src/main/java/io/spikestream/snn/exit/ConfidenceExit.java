package io.spikestream.snn.exit;

/**
 * The per-input confidence exit (beyond the paper; DESIGN section 8): stop at the first step {@code
 * t >= minStep} at which the softmax of the running mean logits has max probability >= p (or top-1
 * − top-2 margin >= m) and has had it for {@code consecutive} steps in a row (steps before {@code
 * minStep} count toward the run).
 *
 * @param config thresholds and counts
 */
public record ConfidenceExit(ConfidenceExitConfig config) implements ExitPolicy {

  public ConfidenceExit {
    if (config == null) {
      throw new IllegalArgumentException("config must be set, got null");
    }
  }

  @Override
  public ExitKind kind() {
    return ExitKind.CONFIDENCE;
  }

  /**
   * The confidence of a logit vector under a criterion: softmax max, or softmax top-1 − top-2
   * (numerically stable: shifted by the max logit).
   */
  public static double confidence(double[] logits, ConfidenceCriterion criterion) {
    double max = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      if (l > max) {
        second = max;
        max = l;
      } else if (l > second) {
        second = l;
      }
    }
    double z = 0;
    for (double l : logits) {
      z += Math.exp(l - max);
    }
    double top = 1.0 / z;
    return switch (criterion) {
      case MAX_PROBABILITY -> top;
      case MARGIN -> top - Math.exp(second - max) / z;
    };
  }

  @Override
  public ExitDecider decider() {
    ConfidenceExitConfig c = config;
    return new ExitDecider() {
      private int run;

      @Override
      public boolean exitAfter(int t, double[] logits) {
        if (confidence(logits, c.criterion()) >= c.level()) {
          run++;
        } else {
          run = 0;
        }
        return t >= c.minStep() && run >= c.consecutive();
      }

      @Override
      public void reset() {
        run = 0;
      }
    };
  }
}
