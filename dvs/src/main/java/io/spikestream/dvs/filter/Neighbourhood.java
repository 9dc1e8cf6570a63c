package io.spikestream.dvs.filter;

/** Which neighbours of a pixel the background-activity filter looks at. */
public enum Neighbourhood {
  /** The 8 pixels around it in its 3×3 block (jAER's BackgroundActivityFilter). */
  EIGHT(8),
  /** The 4 edge-sharing pixels (Tonic's {@code denoise}). */
  FOUR(4);

  private final int count;

  Neighbourhood(int count) {
    this.count = count;
  }

  /** Number of neighbours: 8 or 4 (the spec value). */
  public int count() {
    return count;
  }

  /** The neighbourhood with {@code count} neighbours. */
  public static Neighbourhood ofCount(int count) {
    for (Neighbourhood n : values()) {
      if (n.count == count) {
        return n;
      }
    }
    throw new IllegalArgumentException("neighbours must be 8 or 4, got " + count);
  }
}
