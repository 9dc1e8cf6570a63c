package io.spikestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {

  @Test
  void roundTripsEachRecord() {
    EventPacket p = Records.packet(1000);
    SingleObjectSerde<EventPacket> ps = SpikestreamSerdes.eventPacket();
    assertThat(ps.deserialize("t", ps.serialize("t", p))).isEqualTo(p);

    Classification c = Records.classification();
    SingleObjectSerde<Classification> cs = SpikestreamSerdes.classification();
    assertThat(cs.deserialize("t", cs.serialize("t", c))).isEqualTo(c);

    ModelRecord m = Records.model();
    SingleObjectSerde<ModelRecord> ms = SpikestreamSerdes.modelRecord();
    assertThat(ms.deserialize("t", ms.serialize("t", m))).isEqualTo(m);
  }

  @Test
  void writesTheSingleObjectHeaderOfTheCurrentSchema() {
    byte[] bytes = SpikestreamSerdes.classification().serialize("t", Records.classification());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(KnownSchemas.headerFingerprint(bytes))
        .isEqualTo(KnownSchemas.fingerprint(Classification.getClassSchema()));
  }

  @Test
  void eventsSurviveCodecAndSerde() {
    EventPacket p = Records.packet(257);
    SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
    EventPacket back = serde.deserialize("t", serde.serialize("t", p));
    EventColumns before = new EventColumns();
    EventColumns after = new EventColumns();
    EventPacketCodec codec = new EventPacketCodec();
    codec.decode(p, before, OutOfRange.REJECT);
    codec.decode(back, after, OutOfRange.REJECT);
    assertThat(after.size()).isEqualTo(257);
    assertThat(Arrays.copyOf(after.timestampsMicros(), 257))
        .containsExactly(Arrays.copyOf(before.timestampsMicros(), 257));
    assertThat(Arrays.copyOf(after.xs(), 257)).containsExactly(Arrays.copyOf(before.xs(), 257));
  }

  @Test
  void nullIsATombstoneBothWays() {
    SingleObjectSerde<ModelRecord> serde = SpikestreamSerdes.modelRecord();
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void anyRecordDeserializerPicksTheRecordFromTheHeader() {
    AnyRecordDeserializer any = SpikestreamSerdes.anyRecord();
    byte[] p = SpikestreamSerdes.eventPacket().serialize("t", Records.packet(3));
    byte[] c = SpikestreamSerdes.classification().serialize("t", Records.classification());
    byte[] m = SpikestreamSerdes.modelRecord().serialize("t", Records.model());
    assertThat(any.kindOf(p)).isEqualTo(RecordKind.EVENT_PACKET);
    assertThat(any.deserialize("t", p)).isEqualTo(Records.packet(3));
    assertThat(any.deserialize("t", c)).isEqualTo(Records.classification());
    assertThat(any.deserialize("t", m)).isEqualTo(Records.model());
  }

  @Test
  void aSerdeRefusesAnotherRecord() {
    byte[] c = SpikestreamSerdes.classification().serialize("t", Records.classification());
    assertThatThrownBy(() -> SpikestreamSerdes.eventPacket().deserialize("t", c))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.WRONG_RECORD);
              assertThat(e).hasMessageContaining("Classification");
            });
  }

  @Test
  void anEventPacketWithInconsistentColumnsIsInvalidContent() {
    EventPacket p = Records.packet(10);
    p.setEventCount(12);
    SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
    byte[] bytes = serde.serialize("t", p);
    assertThatThrownBy(() -> serde.deserialize("t", bytes))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RecordDecodingException.Reason.INVALID_CONTENT);
              assertThat(e).hasMessageContaining("X LENGTH_MISMATCH");
            });
  }
}
