package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.producers.Compression;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** LiveConfig defaults and validation, the header reader and the packet rule. */
class LiveConfigTest {

  @Test
  void defaultsReuseTheReplayProducersSettings() {
    LiveConfig c = LiveConfig.defaults("h:9092", "cam");
    assertThat(c.publish().sensorId()).isEqualTo("cam");
    assertThat(c.publish().topic()).isEqualTo("dvs.events");
    assertThat(c.publish().compression()).isEqualTo(Compression.LZ4);
    assertThat(c.publish().packetMaxEvents()).isEqualTo(4096);
    assertThat(c.flushMillis()).isEqualTo(20);
    assertThat(c.reconnect()).isTrue();
    assertThat(c.geometry()).isEmpty();
    assertThat(c.withGeometry(Optional.of(SensorGeometry.DVS128)).geometry())
        .contains(SensorGeometry.DVS128);
  }

  @Test
  void errorsNameTheFieldAndTheValue() {
    LiveConfig c = LiveConfig.defaults("h:9092", "cam");
    assertThatThrownBy(() -> c.withFlushMillis(0))
        .hasMessage("flushMillis must be in 1..10000, got 0");
    assertThatThrownBy(() -> c.withReconnect(true, 0, 10))
        .hasMessage("backoffInitialMillis must be in 1..60000, got 0");
    assertThatThrownBy(() -> c.withReconnect(true, 100, 50))
        .hasMessage("backoffMaxMillis must be in backoffInitialMillis..600000, got 50");
    assertThatThrownBy(() -> LiveConfig.defaults("h:9092", " "))
        .hasMessage("sensorId must not be blank, got ' '");
  }

  @Test
  void propheseeHeaderGivesGeometryAndVersion() throws Exception {
    PropheseeRawHeader gen3 = new PropheseeRawHeader();
    gen3.line(" plugin_name hal_plugin_gen3_fx3");
    gen3.line(" evt 2.0");
    assertThat(gen3.geometry()).contains(new SensorGeometry(640, 480));
    assertThat(gen3.evtMajor("test")).contains(2);
    PropheseeRawHeader hd = new PropheseeRawHeader();
    hd.line(" plugin_name hal_plugin_gen41_evk3");
    assertThat(hd.geometry()).contains(new SensorGeometry(1280, 720));
    PropheseeRawHeader explicit = new PropheseeRawHeader();
    explicit.line(" plugin_name hal_plugin_gen41_evk3");
    explicit.line(" format EVT3;height=320;width=320");
    assertThat(explicit.geometry()).contains(new SensorGeometry(320, 320));
    assertThat(explicit.evtMajor("test")).contains(3);
    PropheseeRawHeader geometryLine = new PropheseeRawHeader();
    geometryLine.line(" geometry 304x240");
    assertThat(geometryLine.geometry()).contains(new SensorGeometry(304, 240));
    PropheseeRawHeader none = new PropheseeRawHeader();
    none.line(" Date 2020-09-25 07:48:29");
    assertThat(none.geometry()).isEmpty();
    assertThat(none.evtMajor("test")).isEmpty();
  }
}
