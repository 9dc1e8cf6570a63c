package io.spikestream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecodedPacketTest {

  private final SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();

  @Test
  void aPacketDecodes() {
    EventBatch events = new EventBatch();
    events.add(1, 2, true, 10);
    events.add(3, 4, false, 20);
    List<EventPacket> packets = StreamFixtures.packets("cam", "s1", 3, events, 0, 100, 8, true);
    DecodedPacket d = DecodedPacket.decode(serde, serde.serialize("", packets.get(0)));
    assertThat(d.ok()).isTrue();
    assertThat(d.packet()).isEqualTo(packets.get(0));
    assertThat(d.reason()).isNull();
  }

  @Test
  void randomBytesAndNullAreRejectedWithAReason() {
    byte[] junk = new byte[64];
    new SplittableRandom(5).nextBytes(junk);
    DecodedPacket random = DecodedPacket.decode(serde, junk);
    assertThat(random.ok()).isFalse();
    assertThat(random.reason()).isEqualTo("BAD_MAGIC");
    assertThat(random.message()).isNotBlank();
    DecodedPacket empty = DecodedPacket.decode(serde, null);
    assertThat(empty.ok()).isFalse();
    assertThat(empty.reason()).isEqualTo("TRUNCATED");
  }
}
