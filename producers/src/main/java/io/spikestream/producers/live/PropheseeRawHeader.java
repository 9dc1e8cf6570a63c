package io.spikestream.producers.live;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFormatException;
import io.spikestream.dvs.io.PropheseeHeaderRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code %} header of a Prophesee RAW stream as its lines arrive: the event format and the
 * sensor geometry, read by the same {@link PropheseeHeaderRules} as recordings.
 */
final class PropheseeRawHeader {

  private final List<String> lines = new ArrayList<>();

  /** Reads one header line (without the leading {@code %} and the line end). */
  void line(String text) {
    lines.add(text);
  }

  /** The geometry the header gives, if any. */
  Optional<SensorGeometry> geometry() {
    return PropheseeHeaderRules.geometry(lines).map(PropheseeHeaderRules.StatedGeometry::geometry);
  }

  /**
   * The EVT major version the header names (2 or 3), if any.
   *
   * @throws EventFormatException when the header names another encoding (e.g. EVT 2.1)
   */
  Optional<Integer> evtMajor(String where) throws EventFormatException {
    return PropheseeHeaderRules.rawFormat(lines, where).map(f -> f == EventFileFormat.EVT2 ? 2 : 3);
  }
}
