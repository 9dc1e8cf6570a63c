package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code spikestream inspect} in-process. Expected numbers come from {@code
 * scripts/independent_decoder.py} run on the shared recordings: {@code (cd ../shared/data &&
 * python3 $OLDPWD/scripts/independent_decoder.py nmnist/tonic_sample_nmnist.bin
 * aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat)}.
 */
class InspectCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void jsonOfAnNmnistRecordingMatchesTheIndependentDecoder() throws Exception {
    Path file = SharedRecordings.path("nmnist/tonic_sample_nmnist.bin");
    assertThat(run("inspect", "--json", file.toString())).isZero();
    String text = out.toString().strip();
    assertThat(text.lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(text);
    assertThat(j.get("format").asText()).isEqualTo("NMNIST_BIN");
    assertThat(j.get("width").asInt()).isEqualTo(34);
    assertThat(j.get("height").asInt()).isEqualTo(34);
    assertThat(j.get("events").asLong()).isEqualTo(4325);
    assertThat(j.get("onEvents").asLong()).isEqualTo(2145);
    assertThat(j.get("xMin").asInt()).isEqualTo(0);
    assertThat(j.get("xMax").asInt()).isEqualTo(33);
    assertThat(j.get("yMin").asInt()).isEqualTo(0);
    assertThat(j.get("yMax").asInt()).isEqualTo(33);
    assertThat(j.get("firstTimestampMicros").asLong()).isEqualTo(654);
    assertThat(j.get("lastTimestampMicros").asLong()).isEqualTo(311175);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void everyCameraFormatRecordingGivesTheKeysOfAedat2AndTheReadersNumbers() throws Exception {
    Path aedat2 = SharedRecordings.path("aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat");
    assertThat(run("inspect", "--json", aedat2.toString())).isZero();
    JsonNode reference = new ObjectMapper().readTree(out.toString().strip());
    java.util.List<String> keys = new java.util.ArrayList<>();
    reference.fieldNames().forEachRemaining(keys::add);
    int files = 0;
    for (String folder :
        new String[] {"aedat4", "prophesee_evt2", "prophesee_evt3", "prophesee_dat"}) {
      Path dir = aedat2.getParent().resolveSibling(folder);
      assumeTrue(Files.isDirectory(dir), "shared folder " + dir + " not found");
      try (var list = Files.list(dir)) {
        for (Path file : list.sorted().toList()) {
          out.getBuffer().setLength(0);
          assertThat(run("inspect", "--json", file.toString())).isZero();
          JsonNode j = new ObjectMapper().readTree(out.toString().strip());
          java.util.List<String> got = new java.util.ArrayList<>();
          j.fieldNames().forEachRemaining(got::add);
          assertThat(got).as(file.toString()).isEqualTo(keys);
          io.spikestream.dvs.io.RecordingSummary s =
              io.spikestream.dvs.io.RecordingSummary.of(file);
          assertThat(j.get("format").asText()).isEqualTo(s.format().name());
          assertThat(j.get("width").asInt()).isEqualTo(s.geometry().width());
          assertThat(j.get("events").asLong()).isEqualTo(s.events()).isPositive();
          assertThat(j.get("onEvents").asLong()).isEqualTo(s.onEvents());
          assertThat(j.get("lastTimestampMicros").asLong()).isEqualTo(s.lastTimestampMicros());
          assertThat(j.get("otherRecords").asLong()).isEqualTo(s.stats().otherRecords());
          files++;
        }
      }
    }
    assertThat(files).isPositive();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void textOfAnAedat2Recording() {
    Path file = SharedRecordings.path("aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat");
    assertThat(run("inspect", file.toString())).isZero();
    assertThat(out.toString())
        .contains("format:      AEDAT2")
        .contains("geometry:    128x128")
        .contains("events:      130114 (ON 74991, OFF 55123)")
        .contains("first t:     113476330 us")
        .contains("last t:      119657829 us");
  }

  @Test
  void aTruncatedCopyIsOneLineNamingTheOffset() throws Exception {
    Path file = SharedRecordings.path("aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat");
    byte[] bytes = Files.readAllBytes(file);
    Path cut = Files.write(tmp.resolve("cut.aedat"), Arrays.copyOf(bytes, bytes.length - 5));
    int code = run("inspect", "--json", cut.toString());
    assertThat(code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(out.toString()).isEmpty();
    String message = err.toString().strip();
    assertThat(message.lines()).hasSize(1);
    assertThat(message)
        .startsWith("error: ")
        .contains("3 trailing byte(s)")
        .endsWith("(at byte offset " + (bytes.length - 8) + ")");
  }

  @Test
  void anUnknownFileIsOneLine() throws Exception {
    Path txt = Files.writeString(tmp.resolve("notes.txt"), "not events");
    assertThat(run("inspect", txt.toString())).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString().strip()).startsWith("error: ").contains("unknown event file format");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }
}
