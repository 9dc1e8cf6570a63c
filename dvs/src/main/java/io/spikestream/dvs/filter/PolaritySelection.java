package io.spikestream.dvs.filter;

/** Which polarities {@link PolarityFilter} keeps. */
public enum PolaritySelection {
  /** Brightness increases only. */
  ON,
  /** Brightness decreases only. */
  OFF,
  /** Both (the filter passes everything). */
  BOTH;

  /** Whether an event of polarity {@code on} passes. */
  public boolean keeps(boolean on) {
    return switch (this) {
      case ON -> on;
      case OFF -> !on;
      case BOTH -> true;
    };
  }
}
