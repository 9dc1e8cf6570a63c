package io.spikestream.streams.filter;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the filter stage, shared by its processor instances (one per stream task). */
public final class FilterStats {
  final AtomicLong packets = new AtomicLong();
  final AtomicLong eventsIn = new AtomicLong();
  final AtomicLong eventsOut = new AtomicLong();
  final AtomicLong dlq = new AtomicLong();

  public long packets() {
    return packets.get();
  }

  public long eventsIn() {
    return eventsIn.get();
  }

  public long eventsOut() {
    return eventsOut.get();
  }

  public long dlq() {
    return dlq.get();
  }

  /** One line. */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%,d packets, %,d events in, %,d out (%,d dropped by filters), %,d records to the DLQ",
        packets(),
        eventsIn(),
        eventsOut(),
        eventsIn() - eventsOut(),
        dlq());
  }
}
