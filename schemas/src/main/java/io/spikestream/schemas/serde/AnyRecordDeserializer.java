package io.spikestream.schemas.serde;

import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes any of the three records: the single-object header's fingerprint names the writer schema,
 * whose full name picks the record. For tools that read a topic without knowing what it holds
 * ({@code spikestream consume}). Thread-safe.
 */
public final class AnyRecordDeserializer implements Deserializer<SpecificRecord> {

  private final KnownSchemas store;
  private final Map<RecordKind, BinaryMessageDecoder<SpecificRecord>> decoders =
      new EnumMap<>(RecordKind.class);

  public AnyRecordDeserializer(KnownSchemas store) {
    AvroTrust.ensureTrusted();
    this.store = store;
    for (RecordKind k : RecordKind.values()) {
      decoders.put(
          k, new BinaryMessageDecoder<>(SpecificData.getForClass(k.type()), k.schema(), store));
    }
  }

  /** The kind of record in {@code data} (from its header alone). */
  public RecordKind kindOf(byte[] data) {
    Schema writer = SingleObjectDecoding.writerSchema(data, store);
    RecordKind kind = RecordKind.byFullName(writer.getFullName());
    if (kind == null) {
      throw new RecordDecodingException(
          RecordDecodingException.Reason.UNKNOWN_SCHEMA,
          "the writer schema " + writer.getFullName() + " is not one of the spikestream records");
    }
    return kind;
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    RecordKind kind = kindOf(data);
    Schema writer = SingleObjectDecoding.writerSchema(data, store);
    return SingleObjectDecoding.decode(data, writer, decoders.get(kind), kind);
  }
}
