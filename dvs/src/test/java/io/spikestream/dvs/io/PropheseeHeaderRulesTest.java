package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.PropheseeHeaderRules.StatedGeometry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropheseeHeaderRulesTest {

  @Test
  void encodingFromTheEvtOrTheFormatLine() throws Exception {
    assertThat(PropheseeHeaderRules.rawFormat(List.of(" Date 2020", " evt 2.0 "), "f"))
        .contains(EventFileFormat.EVT2);
    assertThat(PropheseeHeaderRules.rawFormat(List.of("format EVT3;height=720;width=1280"), "f"))
        .contains(EventFileFormat.EVT3);
    assertThat(PropheseeHeaderRules.rawFormat(List.of("Version 2", "Height 240"), "f")).isEmpty();
  }

  @Test
  void otherEncodingsAreNamedInTheError() {
    assertThatThrownBy(() -> PropheseeHeaderRules.rawFormat(List.of("evt 2.1"), "cam.raw"))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("cam.raw: unsupported Prophesee RAW encoding 'evt 2.1'");
    assertThatThrownBy(() -> PropheseeHeaderRules.rawFormat(List.of("format EVT21"), "pipe"))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("pipe: unsupported Prophesee RAW format 'format EVT21'");
  }

  @Test
  void geometryRulesInOrder() {
    assertThat(geometry("plugin_name hal_plugin_gen41_evk3", "geometry 304x240"))
        .contains(new StatedGeometry(new SensorGeometry(304, 240), "geometry line"));
    assertThat(geometry("plugin_name hal_plugin_gen41_evk3", "format EVT3;height=320;width=320"))
        .contains(new StatedGeometry(new SensorGeometry(320, 320), "format line"));
    assertThat(geometry("Width 304", "Height 240", "plugin_name hal_plugin_gen3_fx3"))
        .contains(new StatedGeometry(new SensorGeometry(304, 240), "width/height lines"));
    assertThat(geometry("Width 304")).isEmpty();
  }

  @Test
  void geometryFromThePluginName() {
    assertThat(size("plugin_name hal_plugin_gen3_fx3")).contains(new SensorGeometry(640, 480));
    assertThat(size("plugin_name hal_plugin_gen31_fx3")).contains(new SensorGeometry(640, 480));
    assertThat(size("plugin_name hal_plugin_gen41_evk3")).contains(new SensorGeometry(1280, 720));
    assertThat(size("plugin_name hal_plugin_imx636_evk4")).contains(new SensorGeometry(1280, 720));
    assertThat(size("plugin_name hal_plugin_imx646")).contains(new SensorGeometry(1280, 720));
    assertThat(size("plugin_name hal_plugin_genx320")).contains(new SensorGeometry(320, 320));
    assertThat(size("plugin_name hal_plugin_imx8")).contains(new SensorGeometry(320, 320));
    assertThat(size("plugin_name something_else")).isEmpty();
  }

  @Test
  void datHeaders() {
    assertThat(PropheseeHeaderRules.namesDat(List.of("Data file containing CD events"))).isTrue();
    assertThat(PropheseeHeaderRules.namesDat(List.of(" Version 2"))).isTrue();
    assertThat(PropheseeHeaderRules.namesDat(List.of("evt 3.0"))).isFalse();
  }

  private static Optional<StatedGeometry> geometry(String... lines) {
    return PropheseeHeaderRules.geometry(List.of(lines));
  }

  private static Optional<SensorGeometry> size(String line) {
    return geometry(line).map(StatedGeometry::geometry);
  }
}
