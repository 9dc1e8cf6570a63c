package io.spikestream.streams.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.filter.FilterSpecs;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class FilterStageConfigTest {

  private static final List<io.spikestream.dvs.filter.FilterSpec> ONE =
      FilterSpecs.parseAll(List.of("polarity:on"));

  @Test
  void errorsNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> new FilterStageConfig("b:1", "id", "t", "t", "dlq", ONE))
        .hasMessage("outputTopic must differ from inputTopic, got 't' for both");
    assertThatThrownBy(() -> new FilterStageConfig("b:1", "id", "in", "out", "dlq", List.of()))
        .hasMessage("filters must name at least one stage, got []");
    assertThatThrownBy(() -> new FilterStageConfig(" ", "id", "in", "out", "dlq", ONE))
        .hasMessage("bootstrapServers must not be blank, got ' '");
  }

  @Test
  void streamsPropertiesAreExactlyOnce() {
    var p = new FilterStageConfig("b:1", "app", "in", "out", "dlq", ONE).streamsProperties();
    assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app");
  }
}
