package io.spikestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.ModelRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * Old readers and new writers (and the reverse) agree through single-object encoding: the test
 * resources hold older versions of each schema, with fewer fields.
 */
class SchemaEvolutionTest {

  private static Schema old(String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/history/" + name)) {
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] encodeWithOld(Schema schema, GenericRecord r) throws IOException {
    ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static GenericRecord decodeWithOld(Schema schema, SchemaStore store, byte[] bytes)
      throws IOException {
    return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema, store).decode(bytes);
  }

  @Test
  void newReaderReadsAnOldEventPacketAndFillsDefaults() throws IOException {
    Schema v0 = old("EventPacket-v0.avsc");
    Schema sampleV0 = v0.getField("sample").schema().getTypes().get(1);
    GenericRecord sample =
        new GenericRecordBuilder(sampleV0)
            .set("sampleId", "a/1.bin")
            .set("label", 7)
            .set("sampleStartMicros", 10L)
            .set("sampleDurationMicros", 99L)
            .build();
    GenericRecord r =
        new GenericRecordBuilder(v0)
            .set("sensorId", "old-cam")
            .set("sequence", 4L)
            .set("width", 34)
            .set("height", 34)
            .set("baseTimestampMicros", 10L)
            .set("eventCount", 1)
            .set("x", ByteBuffer.wrap(new byte[] {3, 0}))
            .set("y", ByteBuffer.wrap(new byte[] {4, 0}))
            .set("polarity", ByteBuffer.wrap(new byte[] {1}))
            .set("timestampDeltas", ByteBuffer.wrap(new byte[] {2}))
            .set("sample", sample)
            .build();
    byte[] bytes = encodeWithOld(v0, r);

    SingleObjectSerde<EventPacket> withHistory =
        new SingleObjectSerde<>(EventPacket.class, KnownSchemas.standard().with(v0));
    EventPacket p = withHistory.deserialize("t", bytes);
    assertThat(p.getSensorId()).isEqualTo("old-cam");
    assertThat(p.getSample().getLabel()).isEqualTo(7);
    assertThat(p.getSample().getLabelName()).isNull();
    assertThat(p.getSample().getEndOfSample()).isFalse();

    // without the old version in the store the reader cannot resolve it, and says so
    assertThatThrownBy(() -> SpikestreamSerdes.eventPacket().deserialize("t", bytes))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.UNKNOWN_SCHEMA));
  }

  @Test
  void oldReaderReadsANewEventPacketIgnoringNewFields() throws IOException {
    Schema v0 = old("EventPacket-v0.avsc");
    byte[] bytes = SpikestreamSerdes.eventPacket().serialize("t", Records.packet(5));
    GenericRecord r = decodeWithOld(v0, KnownSchemas.standard(), bytes);
    assertThat(r.get("sensorId").toString()).isEqualTo("nmnist-0");
    assertThat(r.get("eventCount")).isEqualTo(5);
    GenericRecord sample = (GenericRecord) r.get("sample");
    assertThat(sample.get("label")).isEqualTo(3);
    assertThat(sample.hasField("labelName")).isFalse();
  }

  @Test
  void classificationsResolveBothWays() throws IOException {
    Schema v0 = old("Classification-v0.avsc");
    GenericRecord r =
        new GenericRecordBuilder(v0)
            .set("sensorId", "cam")
            .set("windowStartMicros", 5L)
            .set("predictedClass", 1)
            .set("predictedName", "automobile")
            .set("scores", List.of(0.5f, 1.5f))
            .set("exitStep", 2)
            .set("timesteps", 10)
            .set(
                "exitReason",
                new GenericData.EnumSymbol(v0.getField("exitReason").schema(), "BNTT"))
            .set("modelName", "m")
            .set("modelVersion", 1L)
            .build();
    Classification c =
        new SingleObjectSerde<>(Classification.class, KnownSchemas.standard().with(v0))
            .deserialize("t", encodeWithOld(v0, r));
    assertThat(c.getExitReason()).isEqualTo(ExitReason.BNTT);
    assertThat(c.getScores()).containsExactly(0.5f, 1.5f);
    assertThat(c.getTrueLabel()).isNull();
    assertThat(c.getEmittedAtMillis()).isZero();

    byte[] fresh = SpikestreamSerdes.classification().serialize("t", Records.classification());
    GenericRecord old = decodeWithOld(v0, KnownSchemas.standard(), fresh);
    assertThat(old.get("predictedName").toString()).isEqualTo("deer");
    assertThat(old.hasField("trueLabel")).isFalse();
  }

  @Test
  void modelRecordsResolveBothWays() throws IOException {
    Schema v0 = old("ModelRecord-v0.avsc");
    GenericRecord r =
        new GenericRecordBuilder(v0)
            .set("modelName", "m")
            .set("version", 2L)
            .set("createdAtMillis", 9L)
            .set("artifact", ByteBuffer.wrap(new byte[] {9}))
            .set("sha256", "ab")
            .set("sizeBytes", 1L)
            .build();
    ModelRecord m =
        new SingleObjectSerde<>(ModelRecord.class, KnownSchemas.standard().with(v0))
            .deserialize("t", encodeWithOld(v0, r));
    assertThat(m.getReference()).isNull();
    assertThat(m.getVersion()).isEqualTo(2L);

    byte[] fresh = SpikestreamSerdes.modelRecord().serialize("t", Records.model());
    GenericRecord old = decodeWithOld(v0, KnownSchemas.standard(), fresh);
    assertThat(old.get("sizeBytes")).isEqualTo(4L);
  }

  @Test
  void theAnyRecordDeserializerResolvesOldVersionsToo() throws IOException {
    Schema v0 = old("ModelRecord-v0.avsc");
    GenericRecord r =
        new GenericRecordBuilder(v0)
            .set("modelName", "m")
            .set("version", 2L)
            .set("createdAtMillis", 9L)
            .set("sha256", "ab")
            .set("sizeBytes", 0L)
            .build();
    AnyRecordDeserializer any = new AnyRecordDeserializer(KnownSchemas.standard().with(v0));
    assertThat(any.deserialize("t", encodeWithOld(v0, r))).isInstanceOf(ModelRecord.class);
  }
}
