package io.spikestream.producers.live;

/** Hears what a live run does; called on the publishing thread, so keep it short. */
public interface LiveListener {

  /** About once a second while running. */
  default void progress(LiveSummary snapshot) {}

  /** A connection event or a retry, one line (e.g. "connected to tcp://...", "retrying in 2 s"). */
  default void status(String message) {}

  /** A listener that ignores everything. */
  static LiveListener none() {
    return new LiveListener() {};
  }
}
