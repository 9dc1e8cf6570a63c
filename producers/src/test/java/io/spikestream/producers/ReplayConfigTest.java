package io.spikestream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayConfigTest {

  @Test
  void parsesSpeed() {
    assertThat(ReplayConfig.parseSpeed("max")).isInfinite();
    assertThat(ReplayConfig.parseSpeed(" MAX ")).isInfinite();
    assertThat(ReplayConfig.parseSpeed("2.5")).isEqualTo(2.5);
    assertThat(ReplayConfig.defaults("h:1").withSpeed(Double.POSITIVE_INFINITY).unpaced()).isTrue();
    assertThat(ReplayConfig.defaults("h:1").unpaced()).isFalse();
  }

  @Test
  void rejectsBadSpeedNamingTheValue() {
    assertThatThrownBy(() -> ReplayConfig.parseSpeed("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("speed")
        .hasMessageContaining("fast");
    assertThatThrownBy(() -> ReplayConfig.parseSpeed("0")).hasMessageContaining("'0'");
    assertThatThrownBy(() -> ReplayConfig.parseSpeed("-1")).hasMessageContaining("'-1'");
    assertThatThrownBy(() -> ReplayConfig.parseSpeed("NaN")).hasMessageContaining("NaN");
  }

  @Test
  void errorsNameFieldAndValue() {
    ReplayConfig d = ReplayConfig.defaults("localhost:9092");
    assertThatThrownBy(() -> d.withPacketLimits(0, 0))
        .hasMessageContaining("packetMaxEvents")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> d.withPacketLimits(10, -5))
        .hasMessageContaining("packetMaxSpanMicros")
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> d.withTopic(" ")).hasMessageContaining("topic");
    assertThatThrownBy(() -> d.withSensorId(null)).hasMessageContaining("sensorId");
    assertThatThrownBy(() -> ReplayConfig.defaults("")).hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> d.withProducerTuning(Compression.LZ4, -1, 65536))
        .hasMessageContaining("lingerMillis")
        .hasMessageContaining("-1");
  }

  @Test
  void defaultsAreValidAndRealTime() {
    ReplayConfig d = ReplayConfig.defaults("localhost:9092");
    assertThat(d.topic()).isEqualTo("dvs.events");
    assertThat(d.speed()).isEqualTo(1.0);
    assertThat(d.originMicros()).isEmpty();
    assertThat(d.withOriginMicros(7).originMicros()).hasValue(7);
  }
}
