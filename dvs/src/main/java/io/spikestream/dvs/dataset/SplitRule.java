package io.spikestream.dvs.dataset;

/**
 * How a dataset without an official split is cut into train and test (DESIGN section 4), per class.
 *
 * <p>Within a class, samples are ordered by their index {@code i} (CIFAR10-DVS: the number in
 * {@code cifar10_<class>_<i>.aedat}; N-MNIST without Train/Test folders: the position in file-name
 * order). Let {@code n} be one more than the largest index found in the class and {@code k =
 * floor(n / 10)}. Then:
 *
 * <ul>
 *   <li>{@link #NINE_TO_ONE} (default): test iff {@code i >= n - k};
 *   <li>{@link #FIRST_100_TEST}: test iff {@code i < k}.
 * </ul>
 *
 * For the full CIFAR10-DVS (indices 0..999, so {@code n = 1000}, {@code k = 100}) this is exactly
 * DESIGN's {@code i < 900} train / {@code i >= 900} test, and {@code i < 100} test for {@code
 * first-100-test}. For smaller sets (an emulator writes indices 0..n-1) it keeps the 9:1 proportion
 * instead of putting everything into train; a class with fewer than 10 samples has no test sample.
 */
public enum SplitRule {
  NINE_TO_ONE("9:1"),
  FIRST_100_TEST("first-100-test");

  private final String label;

  SplitRule(String label) {
    this.label = label;
  }

  /** The name used in reports and model provenance ("9:1", "first-100-test"). */
  public String label() {
    return label;
  }

  /**
   * Whether index {@code i} of a class with {@code n = 1 + largest index} samples is a test one.
   */
  public boolean isTest(int i, int n) {
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("index must be in 0.." + (n - 1) + ", got " + i);
    }
    int k = n / 10;
    return switch (this) {
      case NINE_TO_ONE -> i >= n - k;
      case FIRST_100_TEST -> i < k;
    };
  }

  /** Whether index {@code i} belongs to {@code split}. */
  public boolean includes(Split split, int i, int n) {
    return switch (split) {
      case ALL -> true;
      case TEST -> isTest(i, n);
      case TRAIN -> !isTest(i, n);
    };
  }

  /** Parses a label ("9:1", "first-100-test") or a constant name. */
  public static SplitRule parse(String text) {
    for (SplitRule r : values()) {
      if (r.label.equalsIgnoreCase(text) || r.name().equalsIgnoreCase(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "split rule must be one of 9:1, first-100-test, got '" + text + "'");
  }
}
