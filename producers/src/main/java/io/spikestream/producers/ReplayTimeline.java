package io.spikestream.producers;

import java.util.OptionalLong;

/**
 * Lays recorded samples out back to back on one event-time axis, so that a replayed stream's event
 * time keeps increasing across samples (recordings each start near 0).
 *
 * <p>The rule: a sample's own window is {@code [s, s + d)}, with {@code s} = its known start or its
 * first event's timestamp and {@code d} = its known duration or {@code last − first + 1} (DESIGN
 * section 6, the N_BINS rule; an empty sample has {@code d = 1}). The sample is placed at the
 * cursor {@code c}: every timestamp is shifted by {@code c − s}, the packets carry {@code
 * sampleStart = c} and {@code sampleDuration = d}, and the cursor moves to {@code c + d}. So the
 * next sample starts one microsecond after the last event of this one, and binning a replayed
 * sample gives the same frames as binning the file. Events that lie outside a known window still
 * keep the stream increasing: the cursor moves past the last of them. The cursor starts at the
 * configured origin.
 */
final class ReplayTimeline {

  /** Where a sample was placed: add {@code shiftMicros} to its timestamps. */
  record Placement(long shiftMicros, long startMicros, long durationMicros) {}

  private long cursorMicros;

  ReplayTimeline(long originMicros) {
    this.cursorMicros = originMicros;
  }

  /** Event time at which the next sample will start. */
  long cursorMicros() {
    return cursorMicros;
  }

  /**
   * Places the next sample.
   *
   * @param timestamps the sample's timestamps, valid in {@code [0, size)}
   */
  Placement place(
      long[] timestamps, int size, OptionalLong knownStart, OptionalLong knownDuration) {
    long s;
    long d;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, timestamps[i]);
      max = Math.max(max, timestamps[i]);
    }
    if (knownStart.isPresent()) {
      s = knownStart.getAsLong();
      d = knownDuration.getAsLong();
    } else if (size == 0) {
      s = 0;
      d = 1;
    } else {
      s = timestamps[0];
      d = timestamps[size - 1] - timestamps[0] + 1;
      if (d < 1) {
        // timestamps running backwards overall: the window still has to be >= 1 µs
        d = 1;
      }
    }
    // events before the window's start would fall behind the previous sample: start later
    long lead = size == 0 ? 0 : Math.max(0, s - min);
    long start = Math.addExact(cursorMicros, lead);
    long shift = start - s;
    long end = Math.addExact(start, d);
    if (size > 0) {
      end = Math.max(end, Math.addExact(max, shift) + 1);
    }
    cursorMicros = end;
    return new Placement(shift, start, d);
  }
}
