package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The project's EVT 2.0, EVT 3.0 and AEDAT 3.1 writers against their readers, on the cases the
 * formats make hard: time-high wraps (EVT 3.0 every 16.8 s, EVT 2.0 after 2^34 µs, AEDAT 3.1 over
 * 2^31 µs), long gaps, vectorised EVT 3.0 runs with holes, and geometry from the header.
 */
class StreamFormatsRoundTripTest {

  @TempDir Path tmp;

  /** Time-ordered random events with runs on one row (vectorised in EVT 3.0) and long gaps. */
  static EventBatch events(SensorGeometry g, int n, long seed, long maxGapMicros) {
    Random r = new Random(seed);
    EventBatch b = new EventBatch();
    long t = 5;
    while (b.size() < n) {
      int kind = r.nextInt(10);
      if (kind == 0) {
        t += r.nextLong(maxGapMicros); // occasionally a gap of up to maxGapMicros
      } else {
        t += r.nextInt(3);
      }
      if (kind < 4) {
        // a run on one row, same time and polarity, increasing x with holes
        int y = r.nextInt(g.height());
        boolean on = r.nextBoolean();
        int x = r.nextInt(Math.max(1, g.width() - 40));
        int len = 2 + r.nextInt(30);
        for (int i = 0; i < len && x < g.width(); i++) {
          b.add(x, y, on, t);
          x += 1 + (r.nextInt(4) == 0 ? r.nextInt(14) : 0);
        }
      } else {
        b.add(r.nextInt(g.width()), r.nextInt(g.height()), r.nextBoolean(), t);
      }
    }
    return b;
  }

  static void assertSame(EventBatch a, EventBatch b) {
    assertThat(b.size()).isEqualTo(a.size());
    assertThat(Arrays.equals(a.xs(), 0, a.size(), b.xs(), 0, b.size())).isTrue();
    assertThat(Arrays.equals(a.ys(), 0, a.size(), b.ys(), 0, b.size())).isTrue();
    assertThat(Arrays.equals(a.polarities(), 0, a.size(), b.polarities(), 0, b.size())).isTrue();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.timestampMicros(i)).as("t of event %d", i).isEqualTo(a.timestampMicros(i));
    }
  }

  private EventBatch readBack(Path file, EventFileFormat format, SensorGeometry g)
      throws IOException {
    assertThat(EventFiles.detect(file)).isEqualTo(format);
    EventBatch all = new EventBatch();
    try (EventReader reader = EventFiles.open(file)) {
      assertThat(reader.format()).isEqualTo(format);
      assertThat(reader.geometry()).isEqualTo(g);
      EventBatch batch = new EventBatch(8);
      while (reader.read(batch, 1013) > 0) {
        all.addAll(batch);
      }
      assertThat(reader.stats().droppedOutOfRange()).isZero();
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(
      value = EventFileFormat.class,
      names = {"EVT2", "EVT3"})
  void propheseeRawRoundTripsAcrossTimeHighWraps(EventFileFormat format) throws IOException {
    SensorGeometry g = new SensorGeometry(1280, 720);
    // EVT 3.0 time wraps every 2^24 µs: gaps of up to 20 s cross it many times
    long gap = format == EventFileFormat.EVT3 ? 20_000_000L : 3L << 33;
    EventBatch events = events(g, 60_000, 7, gap);
    assertThat(events.timestampsMicros()[events.size() - 1])
        .isGreaterThan(format == EventFileFormat.EVT3 ? 1L << 26 : 1L << 36);
    Path file = tmp.resolve("rec.raw");
    try (EventWriter w = PropheseeRawWriter.create(file, format, g)) {
      w.write(events);
    }
    assertSame(events, readBack(file, format, g));
  }

  @Test
  void evt3RunsAreWrittenAsVectorWords() throws IOException {
    SensorGeometry g = new SensorGeometry(1280, 720);
    EventBatch run = new EventBatch();
    int[] xs = {100, 101, 103, 111, 112, 120, 127, 140};
    for (int x : xs) {
      run.add(x, 9, true, 4242);
    }
    Path file = tmp.resolve("run.raw");
    try (EventWriter w = PropheseeRawWriter.create(file, EventFileFormat.EVT3, g)) {
      w.write(run);
    }
    byte[] bytes = Files.readAllBytes(file);
    int start = (int) PropheseeHeader.read(file).headerBytes();
    ByteBuffer b =
        ByteBuffer.wrap(bytes, start, bytes.length - start).order(ByteOrder.LITTLE_ENDIAN);
    int vectors = 0;
    int singles = 0;
    while (b.remaining() >= 2) {
      int type = (b.getShort() & 0xFFFF) >>> 12;
      vectors += type == 0x4 || type == 0x5 ? 1 : 0;
      singles += type == 0x2 ? 1 : 0;
    }
    // 100..140 spans 41 columns: 12 + 12 + 12 + 8, no single-event words
    assertThat(vectors).isEqualTo(4);
    assertThat(singles).isZero();
    assertSame(run, readBack(file, EventFileFormat.EVT3, g));
  }

  @Test
  void aedat31RoundTripsAcrossTheTimestampOverflow() throws IOException {
    SensorGeometry g = SensorGeometry.DVS128;
    EventBatch events = events(g, 30_000, 11, 1L << 28);
    assertThat(events.timestampsMicros()[events.size() - 1]).isGreaterThan(1L << 32);
    Path file = tmp.resolve("gesture.aedat");
    try (EventWriter w = Aedat31Writer.create(file, g)) {
      // several batches: several packets
      for (int from = 0; from < events.size(); from += 7000) {
        EventBatch part = new EventBatch();
        part.addAll(events, from, Math.min(7000, events.size() - from));
        w.write(part);
      }
    }
    assertSame(events, readBack(file, EventFileFormat.AEDAT31, g));
  }

  @ParameterizedTest
  @EnumSource(
      value = io.spikestream.dvs.io.stream.Aedat4Compression.class,
      names = {"NONE", "LZ4", "ZSTD"})
  void aedat4RoundTripsInEveryCompression(io.spikestream.dvs.io.stream.Aedat4Compression c)
      throws IOException {
    SensorGeometry g = new SensorGeometry(346, 260);
    EventBatch events = events(g, 50_000, 13, 1L << 40);
    Path file = tmp.resolve("rec.aedat4");
    try (EventWriter w = Aedat4Writer.create(file, g, c)) {
      w.write(events);
    }
    assertSame(events, readBack(file, EventFileFormat.AEDAT4, g));
    try (EventReader r = EventFiles.open(file)) {
      while (r.read(new EventBatch()) > 0) {
        // to the end
      }
      assertThat(r.stats().otherRecords()).isZero();
    }
  }

  @Test
  void aedat31SkipsInvalidSpecialAndOtherPackets() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    b.put(
        "#!AER-DAT3.1\r\n#Source 1: DAVIS346\r\n#!END-HEADER\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    // polarity packet: 3 events, the second invalid, capacity 4 (one unused slot)
    b.putShort((short) 1)
        .putShort((short) 1)
        .putInt(8)
        .putInt(4)
        .putInt(1)
        .putInt(4)
        .putInt(3)
        .putInt(2);
    b.putInt(345 << 17 | 259 << 2 | 2 | 1).putInt(10);
    b.putInt(1 << 17 | 1 << 2 | 0).putInt(11);
    b.putInt(7 << 17 | 8 << 2 | 0 | 1).putInt(0x7FFF_FFFF);
    b.putInt(0).putInt(0);
    // special packet with 2 events
    b.putShort((short) 0)
        .putShort((short) 1)
        .putInt(8)
        .putInt(4)
        .putInt(0)
        .putInt(2)
        .putInt(2)
        .putInt(2);
    b.putLong(0).putLong(0);
    // an IMU6 packet (type 3, 36-byte events)
    b.putShort((short) 3)
        .putShort((short) 1)
        .putInt(36)
        .putInt(4)
        .putInt(0)
        .putInt(1)
        .putInt(1)
        .putInt(1);
    b.put(new byte[36]);
    Path file = tmp.resolve("davis.aedat");
    Files.write(file, Arrays.copyOf(b.array(), b.position()));
    RecordingSummary s = RecordingSummary.of(file);
    assertThat(s.format()).isEqualTo(EventFileFormat.AEDAT31);
    assertThat(s.geometry()).isEqualTo(new SensorGeometry(346, 260));
    assertThat(s.events()).isEqualTo(2);
    assertThat(s.onEvents()).isEqualTo(1);
    assertThat(s.xMax()).isEqualTo(345);
    assertThat(s.yMax()).isEqualTo(259);
    assertThat(s.firstTimestampMicros()).isEqualTo((1L << 31) + 10);
    assertThat(s.lastTimestampMicros()).isEqualTo((1L << 31) + 0x7FFF_FFFFL);
    assertThat(s.stats().skippedSpecial()).isEqualTo(2);
    assertThat(s.stats().otherRecords()).isEqualTo(2); // the invalid event and the IMU packet
  }

  @Test
  void propheseeHeadersGiveFormatAndGeometry() throws IOException {
    Path a = tmp.resolve("a.raw");
    Files.writeString(a, "% format EVT3;height=320;width=320\n% end\n");
    PropheseeHeader h = PropheseeHeader.read(a);
    assertThat(h.format()).isEqualTo(EventFileFormat.EVT3);
    assertThat(h.geometry()).isEqualTo(new SensorGeometry(320, 320));
    Path d = tmp.resolve("d.dat");
    Files.writeString(
        d, "% Data file containing CD events.\n% Version 2\n% Width 640\n% Height 480\n");
    assertThat(PropheseeHeader.read(d).format()).isEqualTo(EventFileFormat.PROPHESEE_DAT);
    assertThat(PropheseeHeader.read(d).geometry()).isEqualTo(new SensorGeometry(640, 480));
    Path e = tmp.resolve("e.raw");
    Files.writeString(e, "% evt 2.1\n");
    assertThatThrownBy(() -> EventFiles.detect(e))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("evt 2.1");
  }

  @Test
  void writersRefuseWhatTheFormatCannotHold() throws IOException {
    SensorGeometry g = new SensorGeometry(640, 480);
    EventBatch backwards = new EventBatch();
    backwards.add(1, 1, true, 100);
    backwards.add(1, 1, true, 99);
    try (EventWriter w = PropheseeRawWriter.create(tmp.resolve("b.raw"), EventFileFormat.EVT2, g)) {
      assertThatThrownBy(() -> w.write(backwards))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event 1");
    }
    EventBatch outside = new EventBatch();
    outside.add(128, 0, true, 0);
    try (EventWriter w = Aedat31Writer.create(tmp.resolve("o.aedat"), null)) {
      assertThatThrownBy(() -> w.write(outside))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside");
    }
  }
}
