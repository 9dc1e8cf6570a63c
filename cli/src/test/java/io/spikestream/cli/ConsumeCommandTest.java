package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsumeCommandTest {

  @Test
  void parsesDurationsWithUnits() {
    assertThat(ConsumeCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConsumeCommand.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ConsumeCommand.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(ConsumeCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConsumeCommand.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConsumeCommand.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refusesWhatIsNotADuration() {
    for (String bad : new String[] {"", "s", "10x", "ten", "1.5s"}) {
      assertThatThrownBy(() -> ConsumeCommand.parseDuration(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("is not a duration");
    }
  }

  @Test
  void aCountBelowOneIsOneClearLineBeforeAnyConnection() {
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("consume", "--bootstrap", "localhost:1", "--topic", "t", "--count", "0");
    assertThat(code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString().strip()).isEqualTo("error: --count must be >= 1, got 0");
  }
}
