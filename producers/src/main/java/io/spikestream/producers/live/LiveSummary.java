package io.spikestream.producers.live;

import io.spikestream.dvs.SensorGeometry;
import java.util.Locale;
import java.util.Optional;

/**
 * What a live run did so far (a snapshot).
 *
 * @param eventsDecoded events the source decoded
 * @param decoderDrops records or words the decoder could not use
 * @param filterDrops events the filter chain removed (off-geometry events included)
 * @param offGeometryDrops of those, events outside the sensor geometry
 * @param eventsAcked events the broker acknowledged
 * @param packetsAcked packets the broker acknowledged
 * @param bytesAcked serialized packet bytes acknowledged
 * @param timeBackwards times an event was older than the one before it (a gap in time order)
 * @param sequenceGaps packets the transport reports lost
 * @param connects successful opens of the source
 * @param disconnects connections that failed or ended
 * @param elapsedNanos wall-clock time since the start
 * @param inputGeometry the source geometry, once known
 * @param outputGeometry the geometry of the packets sent (after ROI and downsampling), once known
 */
public record LiveSummary(
    long eventsDecoded,
    long decoderDrops,
    long filterDrops,
    long offGeometryDrops,
    long eventsAcked,
    long packetsAcked,
    long bytesAcked,
    long timeBackwards,
    long sequenceGaps,
    long connects,
    long disconnects,
    long elapsedNanos,
    Optional<SensorGeometry> inputGeometry,
    Optional<SensorGeometry> outputGeometry) {

  /** Events per second acknowledged over the run. */
  public double eventsPerSecond() {
    return elapsedNanos <= 0 ? 0 : eventsAcked * 1e9 / elapsedNanos;
  }

  /** One line for the progress display. */
  public String progressLine() {
    return String.format(
        Locale.ROOT,
        "%,d events sent in %,d packets (%.0f ev/s), decoded %,d, dropped %,d by decoder and %,d"
            + " by filters, %d time jumps back, %d gaps",
        eventsAcked,
        packetsAcked,
        eventsPerSecond(),
        eventsDecoded,
        decoderDrops,
        filterDrops,
        timeBackwards,
        sequenceGaps);
  }

  /** A few lines for the end of a run. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "sent %,d events in %,d packets (%,d bytes) in %.1f s; decoded %,d events; dropped %,d by"
            + " the decoder, %,d by filters (%,d off the %s geometry); %d time jumps back, %d"
            + " sequence gaps; %d connection(s), %d ended or lost; packets are %s",
        eventsAcked,
        packetsAcked,
        bytesAcked,
        elapsedNanos / 1e9,
        eventsDecoded,
        decoderDrops,
        filterDrops,
        offGeometryDrops,
        inputGeometry.map(SensorGeometry::toString).orElse("unknown"),
        timeBackwards,
        sequenceGaps,
        connects,
        disconnects,
        outputGeometry.map(SensorGeometry::toString).orElse("unknown"));
  }
}
