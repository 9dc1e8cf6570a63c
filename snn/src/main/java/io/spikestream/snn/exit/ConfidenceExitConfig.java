package io.spikestream.snn.exit;

/**
 * Settings of the confidence exit (DESIGN section 8): stop at the first step {@code t >= minStep}
 * where the softmax of the running mean logits meets the criterion for {@code consecutive} steps in
 * a row.
 *
 * @param criterion max probability or top-1 minus top-2 margin
 * @param level p for {@link ConfidenceCriterion#MAX_PROBABILITY}, m for {@link
 *     ConfidenceCriterion#MARGIN}; in {@code (0, 1]}
 * @param minStep t_min, 0-based, >= 0
 * @param consecutive k, >= 1
 */
public record ConfidenceExitConfig(
    ConfidenceCriterion criterion, double level, int minStep, int consecutive) {

  /** Default criterion. */
  public static final ConfidenceCriterion DEFAULT_CRITERION = ConfidenceCriterion.MAX_PROBABILITY;

  /** Default p. */
  public static final double DEFAULT_LEVEL = 0.9;

  /** Default t_min. */
  public static final int DEFAULT_MIN_STEP = 1;

  /** Default k. */
  public static final int DEFAULT_CONSECUTIVE = 2;

  public ConfidenceExitConfig {
    if (criterion == null) {
      throw new IllegalArgumentException("criterion must be MAX_PROBABILITY or MARGIN, got null");
    }
    if (!(level > 0 && level <= 1)) {
      throw new IllegalArgumentException("level must be in (0, 1], got " + level);
    }
    if (minStep < 0) {
      throw new IllegalArgumentException("minStep must be >= 0, got " + minStep);
    }
    if (consecutive < 1) {
      throw new IllegalArgumentException("consecutive must be >= 1, got " + consecutive);
    }
  }

  /** The defaults: max probability >= 0.9 for 2 consecutive steps, from step 1 on. */
  public static ConfidenceExitConfig defaults() {
    return new ConfidenceExitConfig(
        DEFAULT_CRITERION, DEFAULT_LEVEL, DEFAULT_MIN_STEP, DEFAULT_CONSECUTIVE);
  }
}
