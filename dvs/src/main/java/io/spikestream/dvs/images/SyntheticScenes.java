package io.spikestream.dvs.images;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Ten classes of simple bright shapes on a dark 28x28 background, generated from a seed: a source
 * of labelled images that needs no files, for the offline demo and for tests. Image {@code i} has
 * class {@code i % 10}; its position, size and stroke vary with {@code (seed, i)}, so the same seed
 * gives the same images.
 */
public final class SyntheticScenes implements ImageSource {

  /** Side of the square images. */
  public static final int SIZE = 28;

  /** Class names in class-index order. */
  public static final List<String> CLASSES =
      List.of(
          "horizontal-bar",
          "vertical-bar",
          "diagonal",
          "anti-diagonal",
          "plus",
          "cross",
          "square-outline",
          "filled-square",
          "ring",
          "triangle");

  private final int size;
  private final long seed;

  /**
   * @param size number of images, >= 1
   * @param seed generator seed
   */
  public SyntheticScenes(int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    this.size = size;
    this.seed = seed;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<String> classNames() {
    return CLASSES;
  }

  @Override
  public LabeledImage get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("image " + index + " outside [0, " + size + ")");
    }
    int label = index % CLASSES.size();
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    double cx = 13.5 + random.nextDouble(-2.5, 2.5);
    double cy = 13.5 + random.nextDouble(-2.5, 2.5);
    double r = random.nextDouble(6.5, 9.5); // half-extent of the shape
    double w = random.nextDouble(1.2, 2.2); // half stroke width
    byte[] pixels = new byte[SIZE * SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double dx = x - cx;
        double dy = y - cy;
        if (inside(label, dx, dy, r, w)) {
          pixels[y * SIZE + x] = (byte) 230;
        }
      }
    }
    return new LabeledImage(index, label, new GrayImage(SIZE, SIZE, pixels));
  }

  private static boolean inside(int label, double dx, double dy, double r, double w) {
    double ax = Math.abs(dx);
    double ay = Math.abs(dy);
    double d = Math.hypot(dx, dy);
    return switch (label) {
      case 0 -> ay <= w && ax <= r;
      case 1 -> ax <= w && ay <= r;
      case 2 -> Math.abs(dx - dy) <= w * Math.sqrt(2) && ax <= r && ay <= r;
      case 3 -> Math.abs(dx + dy) <= w * Math.sqrt(2) && ax <= r && ay <= r;
      case 4 -> (ay <= w && ax <= r) || (ax <= w && ay <= r);
      case 5 ->
          (Math.abs(dx - dy) <= w * Math.sqrt(2) || Math.abs(dx + dy) <= w * Math.sqrt(2))
              && ax <= r
              && ay <= r;
      case 6 -> Math.max(ax, ay) <= r && Math.max(ax, ay) >= r - 2 * w;
      case 7 -> Math.max(ax, ay) <= r * 0.8;
      case 8 -> d <= r && d >= r - 2 * w;
      case 9 -> dy <= r * 0.7 && dy >= -r * 0.7 && ax <= (dy + r * 0.7) * 0.6;
      default -> throw new IllegalStateException("label " + label);
    };
  }

  @Override
  public String describe() {
    return "synthetic scenes (" + size + " images, seed " + seed + ")";
  }
}
