package io.spikestream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.serde.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  private static AppConfig with(
      String id, int port, Duration quiet, double outOfRange, String host) {
    return new AppConfig(
        id,
        "localhost:9092",
        Topics.defaults(),
        null,
        Path.of("state"),
        port,
        host,
        AppConfig.DEFAULT_PUNCTUATION_INTERVAL,
        quiet,
        outOfRange,
        AppConfig.DEFAULT_COMMIT_INTERVAL);
  }

  @Test
  void defaultsAreValidAndBindToLocalhost() {
    AppConfig c = AppConfig.defaults("b:1");
    assertThat(c.httpHost()).isEqualTo("localhost");
    assertThat(c.applicationId()).isEqualTo(AppConfig.DEFAULT_APPLICATION_ID);
    assertThat(c.withHttpPort(0).httpPort()).isZero();
  }

  @Test
  void errorsNameTheFieldAndTheValue() {
    Duration q = AppConfig.DEFAULT_QUIET_TIMEOUT;
    assertThatThrownBy(() -> with("a b", 1, q, 0.5, "localhost"))
        .hasMessageContaining("applicationId")
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> with("a", 70000, q, 0.5, "localhost"))
        .hasMessage("httpPort must be in 0..65535, got 70000");
    assertThatThrownBy(() -> with("a", 1, Duration.ZERO, 0.5, "localhost"))
        .hasMessage("quietTimeout must be a positive duration, got PT0S");
    assertThatThrownBy(() -> with("a", 1, q, 1.5, "localhost"))
        .hasMessage("maxOutOfRangeFraction must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> with("a", 1, q, 0.5, " "))
        .hasMessage("httpHost must not be blank, got ' '");
    assertThatThrownBy(() -> AppConfig.defaults(""))
        .hasMessage("bootstrapServers must not be blank, got ''");
  }

  @Test
  void streamsPropertiesAskForExactlyOnceAndAdvertiseTheHttpEndpoint() {
    Properties p = StreamsApp.properties(AppConfig.defaults("b:1").withApplicationId("x"), 8123);
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("localhost:8123");
    assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("x");
  }
}
