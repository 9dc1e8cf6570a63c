package io.spikestream.dvs;

import java.util.Arrays;

/**
 * A reusable, growable batch of events stored as parallel primitive arrays (struct of arrays), so
 * that readers, codecs and binners touch no per-event objects.
 *
 * <p>The raw arrays returned by {@link #xs()}, {@link #ys()}, {@link #polarities()} and {@link
 * #timestampsMicros()} are valid for indices {@code [0, size())} only, and only until the next call
 * that may grow the batch.
 */
public final class EventBatch {

  private int[] xs;
  private int[] ys;
  private boolean[] polarities;
  private long[] timestampsMicros;
  private int size;

  /** An empty batch with room for {@code initialCapacity} events before it grows. */
  public EventBatch(int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be >= 1, got " + initialCapacity);
    }
    xs = new int[initialCapacity];
    ys = new int[initialCapacity];
    polarities = new boolean[initialCapacity];
    timestampsMicros = new long[initialCapacity];
  }

  /** An empty batch with a default capacity of 4096 events. */
  public EventBatch() {
    this(4096);
  }

  /** Number of events held. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Number of events the arrays hold before they grow. */
  public int capacity() {
    return xs.length;
  }

  /** Forgets all events; keeps the arrays. */
  public void clear() {
    size = 0;
  }

  /** Appends one event, growing the arrays when full. */
  public void add(int x, int y, boolean on, long timestampMicros) {
    if (size == xs.length) {
      ensureCapacity(size + 1);
    }
    xs[size] = x;
    ys[size] = y;
    polarities[size] = on;
    timestampsMicros[size] = timestampMicros;
    size++;
  }

  /** Appends events {@code [from, from + count)} of {@code other}. */
  public void addAll(EventBatch other, int from, int count) {
    if (from < 0 || count < 0 || from + count > other.size) {
      throw new IndexOutOfBoundsException(
          "range [" + from + ", " + (from + count) + ") outside [0, " + other.size + ")");
    }
    ensureCapacity(size + count);
    System.arraycopy(other.xs, from, xs, size, count);
    System.arraycopy(other.ys, from, ys, size, count);
    System.arraycopy(other.polarities, from, polarities, size, count);
    System.arraycopy(other.timestampsMicros, from, timestampsMicros, size, count);
    size += count;
  }

  /** Appends all events of {@code other}. */
  public void addAll(EventBatch other) {
    addAll(other, 0, other.size);
  }

  /** Grows the arrays to hold at least {@code minCapacity} events. */
  public void ensureCapacity(int minCapacity) {
    if (minCapacity <= xs.length) {
      return;
    }
    int newCapacity = Math.max(minCapacity, xs.length + (xs.length >> 1));
    xs = Arrays.copyOf(xs, newCapacity);
    ys = Arrays.copyOf(ys, newCapacity);
    polarities = Arrays.copyOf(polarities, newCapacity);
    timestampsMicros = Arrays.copyOf(timestampsMicros, newCapacity);
  }

  /**
   * Sets the number of valid events after the raw arrays were filled directly (for decoders that
   * write into {@link #xs()} etc. after {@link #ensureCapacity(int)}).
   */
  public void setSize(int newSize) {
    if (newSize < 0 || newSize > xs.length) {
      throw new IllegalArgumentException("size must be in 0.." + xs.length + ", got " + newSize);
    }
    size = newSize;
  }

  public int x(int i) {
    checkIndex(i);
    return xs[i];
  }

  public int y(int i) {
    checkIndex(i);
    return ys[i];
  }

  /** {@code true} for an ON event (brightness increase). */
  public boolean on(int i) {
    checkIndex(i);
    return polarities[i];
  }

  public long timestampMicros(int i) {
    checkIndex(i);
    return timestampsMicros[i];
  }

  /** Raw x array; valid in {@code [0, size())}. */
  public int[] xs() {
    return xs;
  }

  /** Raw y array; valid in {@code [0, size())}. */
  public int[] ys() {
    return ys;
  }

  /** Raw polarity array ({@code true} = ON); valid in {@code [0, size())}. */
  public boolean[] polarities() {
    return polarities;
  }

  /** Raw timestamp array in microseconds; valid in {@code [0, size())}. */
  public long[] timestampsMicros() {
    return timestampsMicros;
  }

  /** Number of ON events. */
  public int countOn() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (polarities[i]) {
        n++;
      }
    }
    return n;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("event " + i + " outside [0, " + size + ")");
    }
  }

  @Override
  public String toString() {
    return "EventBatch[size=" + size + "]";
  }
}
