package io.spikestream.dvs.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal stream (stderr), rewritten in place with a carriage return:
 * {@code title [#####.....] done/total, rate unit/s, [count countUnit, rate countUnit/s,] ETA,
 * status}. The optional second counter carries what is not the unit of work (the events of replayed
 * or emulated samples); the status is free text (loss and accuracy). Redraws at most ten times a
 * second and always when the work is done; {@link #finish} draws the final state and ends the line.
 * Thread-safe (workers of a pool may advance it).
 */
public final class ProgressBar {

  /** At most ten redraws a second. */
  public static final long REDRAW_NANOS = 100_000_000L;

  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final String title;
  private final long total;
  private final String unit;
  private final String countUnit;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long done;
  private long count;
  private long lastDrawNanos;
  private boolean drawn;
  private String status = "";

  /**
   * A bar over {@code total} items of {@code unit}; {@code out} null draws nothing.
   *
   * @param out where to draw, or null
   * @param title what is going on, e.g. "epoch 1/20"
   * @param total items planned (negative counts as 0)
   * @param unit what an item is, e.g. "samples"
   */
  public ProgressBar(PrintWriter out, String title, long total, String unit) {
    this(out, title, total, unit, null, System::nanoTime);
  }

  /**
   * A bar with a second counter named {@code countUnit} (e.g. "events") shown with its rate, and a
   * clock (nanoseconds, as {@link System#nanoTime}) that tests can drive.
   */
  public ProgressBar(
      PrintWriter out,
      String title,
      long total,
      String unit,
      String countUnit,
      LongSupplier nanoClock) {
    if (title == null || unit == null || nanoClock == null) {
      throw new IllegalArgumentException(
          "title, unit and nanoClock must be set, got " + title + ", " + unit + ", " + nanoClock);
    }
    this.out = out;
    this.title = title;
    this.total = Math.max(0, total);
    this.unit = unit;
    this.countUnit = countUnit;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = startNanos - REDRAW_NANOS;
  }

  /** Adds {@code n} finished items; {@code newStatus} null keeps the status. */
  public synchronized void advance(long n, String newStatus) {
    update(done + n, count, newStatus);
  }

  /**
   * Sets the items done and the second counter (both totals so far); {@code newStatus} null keeps
   * the status.
   */
  public synchronized void update(long newDone, long newCount, String newStatus) {
    done = newDone;
    count = newCount;
    if (newStatus != null) {
      status = newStatus;
    }
    long now = nanoClock.getAsLong();
    if (done >= total || now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      draw(now);
    }
  }

  /** Draws the final state and ends the line; {@code finalStatus} null keeps the status. */
  public synchronized void finish(String finalStatus) {
    if (finalStatus != null) {
      status = finalStatus;
    }
    draw(nanoClock.getAsLong());
    if (out != null) {
      out.println();
      out.flush();
    }
  }

  /** Whether a line was drawn. */
  public synchronized boolean drawn() {
    return drawn;
  }

  private void draw(long now) {
    if (out == null) {
      return;
    }
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
    String eta = rate > 0 && done < total ? formatSeconds((total - done) / rate) : "-";
    String counter =
        countUnit == null
            ? ""
            : String.format(
                Locale.ROOT, ", %,d %s %,.0f %s/s", count, countUnit, count / seconds, countUnit);
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %d/%d %.1f %s/s%s ETA %s %s",
            title,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            done,
            total,
            rate,
            unit,
            counter,
            eta,
            status));
    out.flush();
    drawn = true;
  }

  /** {@code 0m07s}, or {@code 1h02m} from an hour on; rounded up. */
  static String formatSeconds(double s) {
    long whole = (long) Math.ceil(s);
    return whole >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
  }
}
