package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every recording of {@code <shared>/data/aedat2}, {@code nmnist} and {@code nmnist_bs2} and
 * compares counts, ranges, first/last timestamps and coordinate/time sums with an independent
 * decoder written from the format specs.
 *
 * <p>Expectations: {@code independent-decoder-expected.jsonl} (test resource), the output of {@code
 * scripts/independent_decoder.py}, run from the project root as {@code (cd ../shared/data &&
 * python3 $OLDPWD/scripts/independent_decoder.py aedat2/* nmnist/* nmnist_bs2/*)}.
 */
class RealRecordingsTest {

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (-?\\d+|\"[^\"]*\"|null)");

  static Path dataDir() {
    String shared = System.getProperty("spikestream.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "data");
    assumeTrue(
        dir != null && Files.isDirectory(dir),
        "shared recordings not found (spikestream.shared.dir = " + shared + "): skipping");
    return dir;
  }

  static List<Map<String, String>> expectations() throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (InputStream in =
        RealRecordingsTest.class.getResourceAsStream("independent-decoder-expected.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
          row.put(m.group(1), m.group(2).replace("\"", ""));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static Stream<Map<String, String>> readable() throws IOException {
    return expectations().stream().filter(r -> !r.containsKey("error"));
  }

  static Stream<Map<String, String>> unreadable() throws IOException {
    return expectations().stream().filter(r -> r.containsKey("error"));
  }

  static Path locate(String name) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir())) {
      return files
          .filter(p -> p.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("recording " + name + " not in shared data"));
    }
  }

  @Test
  void everyRecordingOfTheReadableFoldersHasAnExpectation() throws IOException {
    List<String> expected = expectations().stream().map(r -> r.get("file")).toList();
    for (String folder : new String[] {"aedat2", "nmnist", "nmnist_bs2"}) {
      try (Stream<Path> files = Files.list(dataDir().resolve(folder))) {
        files.forEach(f -> assertThat(expected).contains(f.getFileName().toString()));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readable")
  void matchesTheIndependentDecoder(Map<String, String> want) throws IOException {
    Path file = locate(want.get("file"));
    assertThat(EventFiles.detect(file).name()).isEqualTo(want.get("format"));
    RecordingSummary s = RecordingSummary.of(file);
    assertThat(s.geometry().width()).isEqualTo(Integer.parseInt(want.get("width")));
    assertThat(s.geometry().height()).isEqualTo(Integer.parseInt(want.get("height")));
    assertThat(s.events()).isEqualTo(Long.parseLong(want.get("events")));
    assertThat(s.onEvents()).isEqualTo(Long.parseLong(want.get("onEvents")));
    assertThat(s.stats().events()).isEqualTo(s.events());
    assertThat(s.stats().droppedOutOfRange()).isEqualTo(Long.parseLong(want.get("droppedEvents")));
    assertThat(s.stats().skippedSpecial()).isEqualTo(Long.parseLong(want.get("specialEvents")));
    assertThat(s.stats().overflowMarkers()).isEqualTo(Long.parseLong(want.get("overflowMarkers")));
    if (s.events() == 0) {
      assertThat(want).doesNotContainKey("xMin");
      return;
    }
    assertThat(s.xMin()).isEqualTo(Integer.parseInt(want.get("xMin")));
    assertThat(s.xMax()).isEqualTo(Integer.parseInt(want.get("xMax")));
    assertThat(s.yMin()).isEqualTo(Integer.parseInt(want.get("yMin")));
    assertThat(s.yMax()).isEqualTo(Integer.parseInt(want.get("yMax")));
    assertThat(s.firstTimestampMicros())
        .isEqualTo(Long.parseLong(want.get("firstTimestampMicros")));
    assertThat(s.lastTimestampMicros()).isEqualTo(Long.parseLong(want.get("lastTimestampMicros")));

    // sums over every event, read in small odd-sized batches (exercises the block boundaries)
    long sumX = 0;
    long sumY = 0;
    long sumT = 0;
    try (EventReader reader = EventFiles.open(file)) {
      EventBatch batch = new EventBatch(16);
      int n;
      while ((n = reader.read(batch, 997)) > 0) {
        for (int i = 0; i < n; i++) {
          sumX += batch.x(i);
          sumY += batch.y(i);
          sumT += batch.timestampMicros(i);
        }
      }
      assertThat(reader.bytePosition()).isEqualTo(Files.size(file));
    }
    assertThat(sumX).isEqualTo(Long.parseLong(want.get("sumX")));
    assertThat(sumY).isEqualTo(Long.parseLong(want.get("sumY")));
    assertThat(sumT).isEqualTo(Long.parseLong(want.get("sumTimestampMicros")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void fillerAfterTheHeaderIsReportedWithItsOffset(Map<String, String> want) throws IOException {
    Path file = locate(want.get("file"));
    long offset = Long.parseLong(want.get("error").replaceAll("\\D+", ""));
    assertThatThrownBy(() -> EventFiles.open(file).close())
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("trailing byte(s)")
        .hasMessageEndingWith("(at byte offset " + offset + ")")
        .satisfies(e -> assertThat(((EventFormatException) e).byteOffset()).isEqualTo(offset));
  }

  @Test
  void transposedAxesSwapXandY() throws IOException {
    Path file = locate("colleenpamchen_jAER_DVS128-2017-03-21-short.aedat");
    try (EventReader jaer = Aedat2Reader.open(file);
        EventReader swapped = Aedat2Reader.open(file, AxisConvention.TRANSPOSED)) {
      EventBatch a = new EventBatch();
      EventBatch b = new EventBatch();
      int n = jaer.read(a, 5000);
      assertThat(swapped.read(b, 5000)).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(b.x(i)).isEqualTo(a.y(i));
        assertThat(b.y(i)).isEqualTo(a.x(i));
        assertThat(b.timestampMicros(i)).isEqualTo(a.timestampMicros(i));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readable")
  void aTruncatedCopyNamesTheOffsetOfItsPartialRecord(
      Map<String, String> want, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    assumeTrue(Long.parseLong(want.get("events")) > 0, "no event to truncate");
    Path file = locate(want.get("file"));
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve(want.get("file"));
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    int record = want.get("format").equals("AEDAT2") ? 8 : 5;
    long expectedOffset = bytes.length - record;
    assertThatThrownBy(() -> RecordingSummary.of(cut))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining((record - 3) + " trailing byte(s)")
        .satisfies(
            e -> assertThat(((EventFormatException) e).byteOffset()).isEqualTo(expectedOffset));
  }
}
