package io.spikestream.producers.live;

import io.spikestream.dvs.SensorGeometry;
import java.util.Optional;

/** Makes the {@link EventSource} for a {@link SourceSpec}. */
public final class EventSources {

  private EventSources() {}

  /**
   * A new, unopened source for {@code spec}.
   *
   * @param geometry the sensor size when the stream does not say it (UDP, EVT without header)
   * @param connectTimeoutMillis how long one TCP connection attempt may take
   */
  public static EventSource create(
      SourceSpec spec, Optional<SensorGeometry> geometry, int connectTimeoutMillis) {
    return switch (spec.kind()) {
      case UDP -> new UdpEventSource(spec);
      case TCP_AEDAT4 -> ByteStreamSource.tcp(spec, geometry, connectTimeoutMillis);
      case EVT2, EVT3 -> ByteStreamSource.evt(spec, geometry);
    };
  }
}
