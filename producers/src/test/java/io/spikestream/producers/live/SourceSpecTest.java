package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceSpecTest {

  @Test
  void parsesEveryKind() {
    assertThat(SourceSpec.parse("udp://0.0.0.0:3333"))
        .isEqualTo(new SourceSpec(SourceKind.UDP, "0.0.0.0", 3333, Optional.empty()));
    assertThat(SourceSpec.parse("tcp://[::1]:7777"))
        .isEqualTo(new SourceSpec(SourceKind.TCP_AEDAT4, "::1", 7777, Optional.empty()));
    assertThat(SourceSpec.parse("evt3:-").stdin()).isTrue();
    assertThat(SourceSpec.parse("evt2:/tmp/cam.fifo"))
        .isEqualTo(new SourceSpec(SourceKind.EVT2, "", 0, Optional.of(Path.of("/tmp/cam.fifo"))));
    assertThat(SourceSpec.parse("evt3:/tmp/x").toString()).isEqualTo("evt3:/tmp/x");
    assertThat(SourceSpec.parse("udp://localhost:0").toString()).isEqualTo("udp://localhost:0");
  }

  @Test
  void errorsNameTheBadText() {
    assertThatThrownBy(() -> SourceSpec.parse("http://x:1"))
        .hasMessageContaining("got 'http://x:1'");
    assertThatThrownBy(() -> SourceSpec.parse("udp://host"))
        .hasMessage("source must be udp://HOST:PORT or tcp://HOST:PORT, got 'udp://host'");
    assertThatThrownBy(() -> SourceSpec.parse("tcp://h:port"))
        .hasMessage("source port must be a number, got 'port'");
    assertThatThrownBy(() -> SourceSpec.parse("udp://h:70000"))
        .hasMessage("source port must be in 0..65535, got 70000");
    assertThatThrownBy(() -> SourceSpec.parse("tcp://h:0"))
        .hasMessage("source port must be in 1..65535 for tcp, got 0");
    assertThatThrownBy(() -> SourceSpec.parse("evt3:"))
        .hasMessage("source evt3 needs '-' (stdin) or a path, got 'evt3:'");
  }
}
