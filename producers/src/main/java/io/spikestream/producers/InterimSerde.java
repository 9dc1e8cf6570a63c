package io.spikestream.producers;

import io.spikestream.schemas.EventPacket;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * INTERIM, to be deleted: Avro single-object encoding of {@code EventPacket} (the generated class's
 * own {@code toByteBuffer}, the wire format of DESIGN section 5), only until the schemas module's
 * serdes land; then callers use those.
 */
public final class InterimSerde {

  private InterimSerde() {}

  /** A serializer writing the packet's single-object encoding. */
  public static Serializer<EventPacket> packetSerializer() {
    return (topic, packet) -> {
      try {
        ByteBuffer bb = packet.toByteBuffer();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
      } catch (IOException e) {
        throw new SerializationException("cannot encode EventPacket: " + e.getMessage(), e);
      }
    };
  }
}
