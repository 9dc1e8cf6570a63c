package io.spikestream.schemas.serde;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** The three top-level records, each with its current schema and generated class. */
public enum RecordKind {
  EVENT_PACKET(EventPacket.class, EventPacket.getClassSchema()),
  CLASSIFICATION(Classification.class, Classification.getClassSchema()),
  MODEL_RECORD(ModelRecord.class, ModelRecord.getClassSchema());

  private final Class<? extends SpecificRecord> type;
  private final Schema schema;

  RecordKind(Class<? extends SpecificRecord> type, Schema schema) {
    this.type = type;
    this.schema = schema;
  }

  /** The generated class. */
  public Class<? extends SpecificRecord> type() {
    return type;
  }

  /** The current (reader) schema. */
  public Schema schema() {
    return schema;
  }

  /** The record's simple name, e.g. {@code EventPacket}. */
  public String recordName() {
    return schema.getName();
  }

  /** The kind whose record has this full name, or null. */
  public static RecordKind byFullName(String fullName) {
    for (RecordKind k : values()) {
      if (k.schema.getFullName().equals(fullName)) {
        return k;
      }
    }
    return null;
  }
}
