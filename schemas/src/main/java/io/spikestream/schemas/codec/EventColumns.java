package io.spikestream.schemas.codec;

import java.util.Arrays;

/**
 * A reusable destination for decoded events: parallel arrays (the layout of the dvs module's
 * EventBatch) that grow on demand and are overwritten by each decode. Only the first {@link
 * #size()} entries are valid. Not thread-safe; keep one per consumer thread.
 */
public final class EventColumns {
  private int[] xs;
  private int[] ys;
  private boolean[] polarities;
  private long[] timestampsMicros;
  private int size;
  private int droppedOutOfRange;

  /** Columns with room for {@code initialCapacity} events before they grow. */
  public EventColumns(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0, got " + initialCapacity);
    }
    xs = new int[initialCapacity];
    ys = new int[initialCapacity];
    polarities = new boolean[initialCapacity];
    timestampsMicros = new long[initialCapacity];
  }

  public EventColumns() {
    this(1024);
  }

  /** Makes room for {@code n} events and forgets the previous content. */
  void reset(int n) {
    if (xs.length < n) {
      int cap = Math.max(n, xs.length + (xs.length >> 1));
      xs = Arrays.copyOf(xs, cap);
      ys = Arrays.copyOf(ys, cap);
      polarities = Arrays.copyOf(polarities, cap);
      timestampsMicros = Arrays.copyOf(timestampsMicros, cap);
    }
    size = 0;
    droppedOutOfRange = 0;
  }

  void finish(int kept, int dropped) {
    size = kept;
    droppedOutOfRange = dropped;
  }

  /** Number of valid events. */
  public int size() {
    return size;
  }

  /** Events of the last decoded packet that were skipped for lying outside its geometry. */
  public int droppedOutOfRange() {
    return droppedOutOfRange;
  }

  /** The x column (the live array, valid up to {@link #size()}). */
  public int[] xs() {
    return xs;
  }

  /** The y column (the live array, valid up to {@link #size()}). */
  public int[] ys() {
    return ys;
  }

  /** The polarity column, true = ON (the live array, valid up to {@link #size()}). */
  public boolean[] polarities() {
    return polarities;
  }

  /** Absolute timestamps in microseconds (the live array, valid up to {@link #size()}). */
  public long[] timestampsMicros() {
    return timestampsMicros;
  }
}
