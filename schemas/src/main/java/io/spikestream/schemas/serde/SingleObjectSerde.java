package io.spikestream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of one record type with Avro single-object encoding: writes the current schema, reads any
 * version of the same record that {@link KnownSchemas} knows (schema resolution fills in defaults).
 * Null is a tombstone both ways. Thread-safe. Decoding failures throw {@link
 * RecordDecodingException}; an {@code EventPacket} must also pass {@link
 * io.spikestream.schemas.codec.EventPacketCodec#checkLayout} ({@code INVALID_CONTENT} otherwise).
 *
 * @param <T> the generated record class
 */
public final class SingleObjectSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final RecordKind kind;
  private final KnownSchemas store;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final ThreadLocal<ByteArrayOutputStream> buffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(8192));

  /** A serde for {@code type} (one of the three records) reading the versions in {@code store}. */
  public SingleObjectSerde(Class<T> type, KnownSchemas store) {
    AvroTrust.ensureTrusted();
    this.kind = kindOf(type);
    this.store = Objects.requireNonNull(store, "store");
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, kind.schema());
    this.decoder = new BinaryMessageDecoder<>(model, kind.schema(), store);
  }

  private static RecordKind kindOf(Class<?> type) {
    for (RecordKind k : RecordKind.values()) {
      if (k.type() == type) {
        return k;
      }
    }
    throw new IllegalArgumentException("type must be one of the spikestream records, got " + type);
  }

  /** The record this serde reads and writes. */
  public RecordKind kind() {
    return kind;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    ByteArrayOutputStream out = buffers.get();
    out.reset();
    try {
      encoder.encode(data, out);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + kind.recordName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    Schema writer = SingleObjectDecoding.writerSchema(data, store);
    if (!writer.getFullName().equals(kind.schema().getFullName())) {
      throw new RecordDecodingException(
          RecordDecodingException.Reason.WRONG_RECORD,
          "expected " + kind.recordName() + ", the bytes hold a " + writer.getName());
    }
    return SingleObjectDecoding.decode(data, writer, decoder, kind);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // no configuration: the schemas are compiled in and the store is given at construction
  }

  @Override
  public void close() {
    // nothing to release; Serde, Serializer and Deserializer all declare close()
  }
}
