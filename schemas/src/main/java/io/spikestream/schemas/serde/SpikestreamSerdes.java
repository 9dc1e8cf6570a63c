package io.spikestream.schemas.serde;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;

/** Factories of the serdes with the standard {@link KnownSchemas}; each call makes a new one. */
public final class SpikestreamSerdes {
  private SpikestreamSerdes() {}

  public static SingleObjectSerde<EventPacket> eventPacket() {
    return new SingleObjectSerde<>(EventPacket.class, KnownSchemas.standard());
  }

  public static SingleObjectSerde<Classification> classification() {
    return new SingleObjectSerde<>(Classification.class, KnownSchemas.standard());
  }

  public static SingleObjectSerde<ModelRecord> modelRecord() {
    return new SingleObjectSerde<>(ModelRecord.class, KnownSchemas.standard());
  }

  /** Reads whichever of the three records the bytes hold. */
  public static AnyRecordDeserializer anyRecord() {
    return new AnyRecordDeserializer(KnownSchemas.standard());
  }
}
