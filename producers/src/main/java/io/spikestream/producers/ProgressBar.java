package io.spikestream.producers;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar (samples, events/s) redrawn in place with carriage returns, at most every
 * {@code intervalNanos}; for a terminal's stderr.
 */
public final class ProgressBar implements ReplayListener {

  private static final int WIDTH = 30;
  private final PrintStream out;
  private final long intervalNanos;
  private long lastDrawNanos = Long.MIN_VALUE;
  private boolean drawn;

  /** Redraws at most every 250 ms. */
  public ProgressBar(PrintStream out) {
    this(out, 250_000_000L);
  }

  public ProgressBar(PrintStream out, long intervalNanos) {
    this.out = out;
    this.intervalNanos = intervalNanos;
  }

  @Override
  public void sampleSent(int samplesDone, int samplesTotal, long events, long elapsedNanos) {
    if (samplesDone < samplesTotal
        && lastDrawNanos != Long.MIN_VALUE
        && elapsedNanos - lastDrawNanos < intervalNanos) {
      return;
    }
    lastDrawNanos = elapsedNanos;
    int filled = samplesTotal == 0 ? WIDTH : (int) ((long) WIDTH * samplesDone / samplesTotal);
    double rate = elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    out.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %d/%d samples, %,d events, %,.0f events/s ",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            samplesDone,
            samplesTotal,
            events,
            rate));
    out.flush();
    drawn = true;
  }

  /** Ends the bar's line, if one was drawn. */
  public void finish() {
    if (drawn) {
      out.println();
      out.flush();
      drawn = false;
    }
  }
}
