package io.spikestream.producers;

import java.io.IOException;

/**
 * A replay that failed part-way; {@link #summary()} says what was sent and which sample was cut.
 */
public final class ReplayException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient ReplaySummary summary;

  public ReplayException(String message, Throwable cause, ReplaySummary summary) {
    super(message, cause);
    this.summary = summary;
  }

  public ReplaySummary summary() {
    return summary;
  }
}
