package io.spikestream.producers.live;

import java.io.IOException;

/** Makes the {@link EventSource} for a {@link SourceSpec}. */
public final class EventSources {

  private EventSources() {}

  /** A new, unopened source for {@code spec}. */
  public static EventSource create(SourceSpec spec) throws IOException {
    return switch (spec.kind()) {
      case UDP -> new UdpEventSource(spec);
      case TCP_AEDAT4, EVT2, EVT3 ->
          throw new IOException(
              "source "
                  + spec
                  + ": this build cannot read "
                  + spec.kind()
                  + " streams yet (the incremental decoders are not in yet)");
    };
  }
}
