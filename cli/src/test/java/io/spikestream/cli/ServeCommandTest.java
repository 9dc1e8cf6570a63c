package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

  private static String[] run(String... args) {
    CliRun r = CliRun.of(args);
    return new String[] {String.valueOf(r.exitCode()), r.err().strip()};
  }

  @Test
  void aMissingModelFileIsOneClearLineBeforeAnyConnection() {
    String[] r = run("serve", "--bootstrap", "localhost:1", "--model", "/no/such/model.zip");
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1]).isEqualTo("error: model file not found: /no/such/model.zip");
  }

  @Test
  void aBadApplicationIdNamesTheFieldAndValue() {
    String[] r = run("serve", "--bootstrap", "localhost:1", "--application-id", "a b");
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1]).contains("applicationId").contains("'a b'").doesNotContain("Exception");
  }

  @Test
  void theBootstrapIsRequired() {
    String[] r = run("serve");
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1]).contains("--bootstrap");
  }

  @Test
  void threadsSessionTimeoutAndFreePropertiesBecomeStreamsOverrides() {
    Properties p =
        ServeCommand.overrides(
            2, Duration.ofSeconds(10), Map.of("commit.interval.ms", "200", "consumer.x", "y"));
    assertThat(p)
        .containsEntry("num.stream.threads", 2)
        .containsEntry("consumer.session.timeout.ms", 10_000)
        .containsEntry("consumer.heartbeat.interval.ms", 3000)
        .containsEntry("commit.interval.ms", "200")
        .containsEntry("consumer.x", "y");
    // a short timeout keeps the heartbeat below it
    assertThat(ServeCommand.overrides(1, Duration.ofSeconds(6), Map.of()))
        .containsEntry("consumer.heartbeat.interval.ms", 2000);
    assertThat(ServeCommand.overrides(1, null, Map.of()))
        .doesNotContainKey("consumer.session.timeout.ms");
  }

  @Test
  void theGuaranteesCannotBeOverriddenThroughFreeProperties() {
    assertThatThrownBy(
            () -> ServeCommand.overrides(1, null, Map.of("processing.guarantee", "at_least_once")))
        .hasMessageContaining("cannot set processing.guarantee");
    assertThatThrownBy(() -> ServeCommand.overrides(1, null, Map.of("num.stream.threads", "4")))
        .hasMessageContaining("use --threads");
    assertThatThrownBy(() -> ServeCommand.overrides(0, null, Map.of()))
        .hasMessage("--threads must be at least 1, got 0");
  }

  @Test
  void aReservedPropertyIsOneClearLineBeforeAnyConnection() {
    String[] r =
        run("serve", "--bootstrap", "localhost:1", "--streams-property", "application.id=other");
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[1])
        .startsWith("error: --streams-property cannot set application.id")
        .doesNotContain("Exception");
  }
}
