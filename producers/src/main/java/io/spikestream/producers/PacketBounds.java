package io.spikestream.producers;

/**
 * Where events are cut into packets, for the replay producer and the live sources alike (a small
 * kernel, no I/O).
 */
public final class PacketBounds {

  private PacketBounds() {}

  /**
   * The exclusive end of the packet that starts at {@code from}: it takes events while it holds
   * fewer than {@code maxEvents} and (when {@code maxSpanMicros > 0}) the next event lies less than
   * {@code maxSpanMicros} after the packet's first event. A packet holds at least one event.
   *
   * @param timestamps event times, valid in {@code [0, size)}
   * @return an index in {@code (from, size]}
   */
  public static int end(long[] timestamps, int from, int size, int maxEvents, long maxSpanMicros) {
    assert from >= 0 && from < size : "from " + from + " outside [0, " + size + ")";
    int limit = (int) Math.min((long) from + maxEvents, size);
    if (maxSpanMicros <= 0) {
      return limit;
    }
    long first = timestamps[from];
    int end = from + 1;
    while (end < limit && timestamps[end] - first < maxSpanMicros) {
      end++;
    }
    return end;
  }
}
