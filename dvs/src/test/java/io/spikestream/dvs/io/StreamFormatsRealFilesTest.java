package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat4Compression;
import io.spikestream.dvs.io.stream.Aedat4PacketDecoder;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.ByteStreamDecoder;
import io.spikestream.dvs.io.stream.DatStreamDecoder;
import io.spikestream.dvs.io.stream.Evt2StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real recording of {@code <shared>/data/aedat4}, {@code prophesee_evt2}, {@code
 * prophesee_evt3} and {@code prophesee_dat}: detected by its header, read whole, checked for
 * invariants (coordinates inside the geometry, time order, the whole file consumed), decoded again
 * through the live-stream decoders in random chunks (same events), AEDAT 4.0 packet by packet (same
 * count), and compared with {@code scripts/independent_decoder.py} when a python3 with lz4 and
 * zstandard is present (its output is read at test time, nothing is copied into the test).
 */
class StreamFormatsRealFilesTest {

  private static final String[] FOLDERS = {
    "aedat4", "prophesee_evt2", "prophesee_evt3", "prophesee_dat"
  };

  static Stream<Path> recordings() throws IOException {
    Path data = RealRecordingsTest.dataDir();
    List<Path> files = new ArrayList<>();
    for (String f : FOLDERS) {
      try (Stream<Path> s = Files.list(data.resolve(f))) {
        s.sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  /** Every event of the file, in order, read in batches of 997. */
  private static EventBatch readAll(Path file) throws IOException {
    EventBatch all = new EventBatch();
    try (EventReader reader = EventFiles.open(file)) {
      EventBatch batch = new EventBatch(16);
      while (reader.read(batch, 997) > 0) {
        all.addAll(batch);
      }
      assertThat(reader.bytePosition()).isEqualTo(Files.size(file));
      assertThat(reader.stats().events()).isEqualTo(all.size());
    }
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void readsWithinGeometryInTimeOrderToTheEnd(Path file, @TempDir Path tmp) throws IOException {
    EventFileFormat format = EventFiles.detect(file);
    // detection is by header, not by name
    Path renamed = Files.copy(file, tmp.resolve("recording.bin"));
    assertThat(EventFiles.detect(renamed)).isEqualTo(format);
    EventBatch all = readAll(file);
    SensorGeometry g;
    try (EventReader reader = EventFiles.open(file)) {
      g = reader.geometry();
    }
    assertThat(all.size()).isPositive();
    long[] ts = all.timestampsMicros();
    long backwards = 0;
    for (int i = 0; i < all.size(); i++) {
      assertThat(g.contains(all.x(i), all.y(i))).as("event %d inside %s", i, g).isTrue();
      if (i > 0 && ts[i] < ts[i - 1]) {
        backwards++;
      }
    }
    // every one of these formats carries time as a base that only moves forward
    assertThat(backwards).as("events earlier than their predecessor").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void theLiveDecoderInRandomChunksGivesTheSameEvents(Path file) throws IOException {
    EventBatch expected = readAll(file);
    byte[] bytes = Files.readAllBytes(file);
    EventFileFormat format = EventFiles.detect(file);
    SensorGeometry g;
    try (EventReader reader = EventFiles.open(file)) {
      g = reader.geometry();
    }
    int start;
    ByteStreamDecoder decoder;
    switch (format) {
      case EVT2, EVT3 -> {
        start = (int) PropheseeHeader.read(file).headerBytes();
        decoder =
            format == EventFileFormat.EVT2
                ? new Evt2StreamDecoder(g, start)
                : new Evt3StreamDecoder(g, start);
      }
      case PROPHESEE_DAT -> {
        start = (int) PropheseeHeader.read(file).headerBytes() + 2;
        decoder = new DatStreamDecoder(g, bytes[start - 1], start);
      }
      case AEDAT4 -> {
        // as on the DV network stream: no version line
        start = new String(bytes, 0, 20, StandardCharsets.US_ASCII).indexOf('\n') + 1;
        decoder = new Aedat4StreamDecoder(null);
      }
      default -> throw new AssertionError("not a stream format: " + format);
    }
    int end = bytes.length;
    if (format == EventFileFormat.AEDAT4) {
      // the network stream has no file index after the packets
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      var header =
          io.spikestream.dvs.io.stream.Aedat4Header.parse(
              b, start + 4, start + 4 + b.getInt(start), start + 4);
      end = (int) header.dataTablePosition();
    }
    Random random = new Random(file.getFileName().toString().hashCode());
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    EventBatch out = new EventBatch();
    int p = start;
    while (p < end) {
      int k = Math.min(Math.min(end - p, 1 + random.nextInt(9000)), buf.remaining());
      if (k == 0) {
        ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
        buf.flip();
        buf = bigger.put(buf);
        continue;
      }
      buf.put(bytes, p, k);
      p += k;
      buf.flip();
      decoder.decode(buf, out);
      buf.compact();
    }
    assertThat(buf.position()).as("bytes left undecoded").isZero();
    assertThat(out.size()).isEqualTo(expected.size());
    assertThat(Arrays.equals(out.xs(), 0, out.size(), expected.xs(), 0, out.size())).isTrue();
    assertThat(Arrays.equals(out.ys(), 0, out.size(), expected.ys(), 0, out.size())).isTrue();
    assertThat(Arrays.equals(out.polarities(), 0, out.size(), expected.polarities(), 0, out.size()))
        .isTrue();
    assertThat(
            Arrays.equals(
                out.timestampsMicros(), 0, out.size(), expected.timestampsMicros(), 0, out.size()))
        .isTrue();
  }

  @Test
  void aedat4EventsAreTheSumOverItsEventPackets() throws IOException {
    try (Stream<Path> files = Files.list(RealRecordingsTest.dataDir().resolve("aedat4"))) {
      for (Path file : files.toList()) {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int p = new String(b.array(), 0, 20, StandardCharsets.US_ASCII).indexOf('\n') + 1;
        int headerSize = b.getInt(p);
        var header =
            io.spikestream.dvs.io.stream.Aedat4Header.parse(b, p + 4, p + 4 + headerSize, p + 4);
        p += 4 + headerSize;
        int eventStream = header.eventStream().id();
        long end = header.dataTablePosition() >= 0 ? header.dataTablePosition() : b.capacity();
        long events = 0;
        long others = 0;
        EventBatch packet = new EventBatch();
        while (p < end) {
          int stream = b.getInt(p);
          int size = b.getInt(p + 4);
          if (stream == eventStream) {
            packet.clear();
            ByteBuffer body = b.duplicate().position(p + 8).limit(p + 8 + size);
            Aedat4PacketDecoder.decodeEventPacket(body, header.compression(), packet);
            events += packet.size();
          } else {
            others++;
          }
          p += 8 + size;
        }
        assertThat(p).isEqualTo(end);
        assertThat(header.compression()).isNotEqualTo(Aedat4Compression.NONE);
        RecordingSummary s = RecordingSummary.of(file);
        assertThat(s.events()).isEqualTo(events);
        assertThat(s.stats().otherRecords()).isEqualTo(others);
        assertThat(s.geometry()).isEqualTo(header.geometry());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void aTruncatedCopyIsAnErrorNamingAnOffsetInsideTheFile(Path file, @TempDir Path tmp)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve(file.getFileName());
    int keep = bytes.length - 3;
    if (EventFiles.detect(file) == EventFileFormat.AEDAT4) {
      // cut inside the last events packet rather than inside the file's index
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int p = new String(bytes, 0, 20, StandardCharsets.US_ASCII).indexOf('\n') + 1;
      p += 4 + b.getInt(p);
      int last = p;
      while (p + 8 <= bytes.length
          && b.getInt(p + 4) >= 0
          && p + 8 + b.getInt(p + 4) <= bytes.length) {
        last = p;
        p += 8 + b.getInt(p + 4);
      }
      keep = last + 20;
    }
    Files.write(cut, Arrays.copyOf(bytes, keep));
    int cutAt = keep;
    assertThatThrownBy(() -> RecordingSummary.of(cut))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("trailing byte(s)")
        .satisfies(
            e -> {
              long offset = ((EventFormatException) e).byteOffset();
              assertThat(offset).isBetween(1L, (long) cutAt - 1);
              assertThat(cutAt - offset).isLessThan(bytes.length);
            });
  }

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (-?\\d+|\"[^\"]*\"|null)");

  @Test
  void agreesWithTheIndependentPythonDecoder() throws Exception {
    List<Path> files = recordings().toList();
    Path script =
        Path.of(System.getProperty("user.dir")).resolveSibling("scripts/independent_decoder.py");
    assumeTrue(Files.isRegularFile(script), "scripts/independent_decoder.py not found");
    String python = null;
    for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
      try {
        Process probe =
            new ProcessBuilder(candidate, "-c", "import lz4.frame, zstandard")
                .redirectErrorStream(true)
                .start();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          python = candidate;
          break;
        }
      } catch (IOException e) {
        // not installed
      }
    }
    assumeTrue(python != null, "no python3 with the lz4 and zstandard modules: skipping");
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    files.forEach(f -> command.add(f.toString()));
    Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as(output).isZero();
    String[] lines = output.strip().split("\n");
    assertThat(lines).hasSize(files.size());
    for (int i = 0; i < lines.length; i++) {
      Map<String, String> want = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(lines[i]);
      while (m.find()) {
        want.put(m.group(1), m.group(2).replace("\"", ""));
      }
      Path file = files.get(i);
      assertThat(want.get("file")).isEqualTo(file.getFileName().toString());
      RecordingSummary s = RecordingSummary.of(file);
      EventBatch all = readAll(file);
      long sumX = 0;
      long sumY = 0;
      java.math.BigInteger sumT = java.math.BigInteger.ZERO;
      long partial = 0;
      for (int k = 0; k < all.size(); k++) {
        sumX += all.x(k);
        sumY += all.y(k);
        partial += all.timestampMicros(k) >> 20;
      }
      // python sums exact integers; sum high and low parts separately so no long overflows
      long low = 0;
      for (int k = 0; k < all.size(); k++) {
        low += all.timestampMicros(k) & ((1L << 20) - 1);
      }
      sumT =
          java.math.BigInteger.valueOf(partial)
              .shiftLeft(20)
              .add(java.math.BigInteger.valueOf(low));
      Map<String, String> got = new LinkedHashMap<>();
      got.put("format", s.format().name());
      got.put("width", "" + s.geometry().width());
      got.put("height", "" + s.geometry().height());
      got.put("events", "" + s.events());
      got.put("onEvents", "" + s.onEvents());
      got.put("droppedEvents", "" + s.stats().droppedOutOfRange());
      got.put("specialEvents", "" + s.stats().skippedSpecial());
      got.put("otherRecords", "" + s.stats().otherRecords());
      got.put("xMin", "" + s.xMin());
      got.put("xMax", "" + s.xMax());
      got.put("yMin", "" + s.yMin());
      got.put("yMax", "" + s.yMax());
      got.put("firstTimestampMicros", "" + s.firstTimestampMicros());
      got.put("lastTimestampMicros", "" + s.lastTimestampMicros());
      got.put("sumX", "" + sumX);
      got.put("sumY", "" + sumY);
      got.put("sumTimestampMicros", sumT.toString());
      for (Map.Entry<String, String> e : got.entrySet()) {
        assertThat(e.getValue()).as("%s of %s", e.getKey(), file).isEqualTo(want.get(e.getKey()));
      }
    }
  }
}
