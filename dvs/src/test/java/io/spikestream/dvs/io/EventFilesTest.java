package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFilesTest {

  @TempDir Path tmp;

  @Test
  void detectsAedat2FromItsHeaderWhateverTheName() throws IOException {
    Path f = tmp.resolve("recording.bin");
    Files.writeString(f, "#!AER-DAT2.0\r\n# comment\r\n", StandardCharsets.US_ASCII);
    assertThat(EventFiles.detect(f)).isEqualTo(EventFileFormat.AEDAT2);
    try (EventReader r = EventFiles.open(f)) {
      assertThat(r.read(new io.spikestream.dvs.EventBatch())).isZero();
      assertThat(((Aedat2Reader) r).headerBytes()).isEqualTo(Files.size(f));
    }
  }

  @Test
  void nmnistVariantsAreToldApartByExtension() throws IOException {
    Path bin = Files.write(tmp.resolve("a.BIN"), new byte[5]);
    Path bs2 = Files.write(tmp.resolve("a.bs2"), new byte[5]);
    assertThat(EventFiles.detect(bin)).isEqualTo(EventFileFormat.NMNIST_BIN);
    assertThat(EventFiles.detect(bs2)).isEqualTo(EventFileFormat.NMNIST_BS2);
  }

  @Test
  void unknownAndUnsupportedFormatsAreClearErrors() throws IOException {
    Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> EventFiles.detect(txt))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unknown event file format");
    Path v1 = Files.writeString(tmp.resolve("x.aedat"), "#!AER-DAT1.0\r\n");
    assertThatThrownBy(() -> EventFiles.open(v1))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unsupported AEDAT version '#!AER-DAT1.0'");
    Path v3 = Files.writeString(tmp.resolve("y.aedat"), "#!AER-DAT3.1\r\n#Source 1: DVS128\r\n");
    assertThatThrownBy(() -> EventFiles.open(v3))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("AEDAT 3.1 header without #!END-HEADER");
    assertThatThrownBy(() -> EventFiles.open(tmp.resolve("missing.bin")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aHeaderOfManyLinesWithoutEndMarkerEndsAtTheFirstNonHashLine() throws IOException {
    StringBuilder h = new StringBuilder("#!AER-DAT2.0\r\n");
    for (int i = 0; i < 20_000; i++) {
      h.append("# line ").append(i).append("\r\n");
    }
    byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(head, head.length + 8);
    all[head.length + 2] = 0x10; // y = 16, first payload byte is not '#'
    all[head.length + 7] = 42;
    Path f = Files.write(tmp.resolve("big-header.aedat"), all);
    assertThat(Aedat2Reader.headerLength(f)).isEqualTo(head.length);
    RecordingSummary s = RecordingSummary.of(f);
    assertThat(s.events()).isEqualTo(1);
    assertThat(s.yMin()).isEqualTo(16);
    assertThat(s.firstTimestampMicros()).isEqualTo(42);
  }
}
