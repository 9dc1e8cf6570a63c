package io.spikestream.streams;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SingleObjectSerde;

/**
 * The first check of every processor that reads {@code dvs.events}: the record's bytes as an
 * EventPacket, or the dead-letter reason and message when they are not one (DESIGN section 10).
 *
 * @param packet the decoded packet, null when rejected
 * @param reason a {@link RecordDecodingException.Reason} name when rejected, else null
 * @param message what was wrong, for the DLQ headers, when rejected
 */
public record DecodedPacket(EventPacket packet, String reason, String message) {

  /** Decodes {@code value}: corrupt bytes, a wrong schema or a null value become a rejection. */
  public static DecodedPacket decode(SingleObjectSerde<EventPacket> serde, byte[] value) {
    try {
      EventPacket packet = serde.deserialize("", value);
      if (packet == null) {
        return rejected(RecordDecodingException.Reason.TRUNCATED.name(), "null value");
      }
      return new DecodedPacket(packet, null, null);
    } catch (RecordDecodingException e) {
      return rejected(e.reason().name(), e.getMessage());
    } catch (RuntimeException e) {
      return rejected(
          RecordDecodingException.Reason.CORRUPT.name(), String.valueOf(e.getMessage()));
    }
  }

  private static DecodedPacket rejected(String reason, String message) {
    return new DecodedPacket(null, reason, message);
  }

  /** Whether the bytes were an EventPacket. */
  public boolean ok() {
    return packet != null;
  }
}
