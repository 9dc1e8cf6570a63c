package io.spikestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.EventPacket;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void defaultsNameTheFourTopicsAndCarryWorkingSerdes() {
    Topics t = Topics.defaults();
    assertThat(t.events().name()).isEqualTo("dvs.events");
    assertThat(t.eventsDlq().name()).isEqualTo("dvs.events.dlq");
    assertThat(t.classifications().name()).isEqualTo("snn.classifications");
    assertThat(t.models().name()).isEqualTo("snn.models");
    EventPacket p = Records.packet(2);
    byte[] bytes = t.events().valueSerde().serializer().serialize("dvs.events", p);
    assertThat(t.events().valueSerde().deserializer().deserialize("dvs.events", bytes))
        .isEqualTo(p);
    assertThat(t.events().keySerde().deserializer().deserialize("x", "cam".getBytes()))
        .isEqualTo("cam");
  }

  @Test
  void renamingKeepsTheOthers() {
    Topics t = Topics.defaults().withEvents("lab.events");
    assertThat(t.events().name()).isEqualTo("lab.events");
    assertThat(t.models().name()).isEqualTo("snn.models");
  }

  @Test
  void aBlankNameIsRefusedWithTheValue() {
    assertThatThrownBy(() -> Topics.defaults().withModels(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name")
        .hasMessageContaining("' '");
  }
}
