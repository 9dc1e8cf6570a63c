package io.spikestream.trainer;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream (stderr): done/total, rate, ETA and a free-form
 * status (e.g. loss and accuracy). Redraws at most ten times a second and always on completion.
 * Thread-safe.
 */
public final class ProgressBar {

  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final String title;
  private final long total;
  private final String unit;
  private final long startNanos;
  private long done;
  private long lastDrawNanos;
  private String status = "";

  /** A bar over {@code total} items of {@code unit}; {@code out} null draws nothing. */
  public ProgressBar(PrintWriter out, String title, long total, String unit) {
    this.out = out;
    this.title = title;
    this.total = Math.max(0, total);
    this.unit = unit;
    this.startNanos = System.nanoTime();
    this.lastDrawNanos = startNanos - REDRAW_NANOS;
  }

  /** Adds {@code n} finished items. */
  public synchronized void advance(long n, String newStatus) {
    done += n;
    if (newStatus != null) {
      status = newStatus;
    }
    long now = System.nanoTime();
    if (done >= total || now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      draw(now);
    }
  }

  /** Draws the final state and ends the line. */
  public synchronized void finish(String finalStatus) {
    if (finalStatus != null) {
      status = finalStatus;
    }
    draw(System.nanoTime());
    if (out != null) {
      out.println();
      out.flush();
    }
  }

  private void draw(long now) {
    if (out == null) {
      return;
    }
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
    String eta = rate > 0 && done < total ? formatSeconds((total - done) / rate) : "-";
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %d/%d %.1f %s/s ETA %s %s",
            title,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            done,
            total,
            rate,
            unit,
            eta,
            status));
    out.flush();
  }

  private static String formatSeconds(double s) {
    long whole = (long) Math.ceil(s);
    return whole >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
  }
}
