package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {String.valueOf(code), err.toString().strip()};
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
}
