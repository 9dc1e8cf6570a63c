package io.spikestream.dvs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writer then reader, for every format: the events come back identical. */
class RoundTripTest {

  @TempDir Path tmp;

  /**
   * Random events in {@code g}, time non-decreasing from {@code startMicros} in steps < maxStep.
   */
  static EventBatch randomEvents(
      SensorGeometry g, int n, long startMicros, int maxStep, long seed) {
    Random r = new Random(seed);
    EventBatch b = new EventBatch(n);
    long t = startMicros;
    for (int i = 0; i < n; i++) {
      b.add(r.nextInt(g.width()), r.nextInt(g.height()), r.nextBoolean(), t);
      t += r.nextInt(maxStep);
    }
    return b;
  }

  static EventBatch readAll(EventReader reader) throws IOException {
    EventBatch all = new EventBatch();
    EventBatch part = new EventBatch(100);
    while (reader.read(part, 333) > 0) {
      all.addAll(part);
    }
    return all;
  }

  static void assertSameEvents(EventBatch actual, EventBatch expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      int j = i;
      assertThat(actual.x(i)).as("x of %d", j).isEqualTo(expected.x(i));
      assertThat(actual.y(i)).as("y of %d", j).isEqualTo(expected.y(i));
      assertThat(actual.on(i)).as("polarity of %d", j).isEqualTo(expected.on(i));
      assertThat(actual.timestampMicros(i)).as("t of %d", j).isEqualTo(expected.timestampMicros(i));
    }
  }

  @ParameterizedTest
  @EnumSource(AxisConvention.class)
  void aedat2AcrossTwo32BitWraps(AxisConvention axes) throws IOException {
    // starts 3 s before the first wrap; ten jumps of 2^30 us cross 2^32 and 2^33
    EventBatch events = randomEvents(SensorGeometry.DVS128, 2000, (1L << 32) - 3_000_000, 1, 1);
    Random r = new Random(2);
    EventBatch jumpy = new EventBatch();
    long t = (1L << 32) - 3_000_000;
    for (int i = 0; i < events.size(); i++) {
      jumpy.add(events.x(i), events.y(i), events.on(i), t);
      t += i % 200 == 199 ? (1L << 30) + r.nextInt(1000) : r.nextInt(50);
    }
    assertThat(t).isGreaterThan(1L << 33);
    Path file = tmp.resolve("wraps.aedat");
    try (EventWriter w = Aedat2Writer.create(file, axes)) {
      w.write(jumpy);
    }
    assertThat(EventFiles.detect(file)).isEqualTo(EventFileFormat.AEDAT2);
    try (EventReader reader = EventFiles.open(file, axes)) {
      assertThat(reader.geometry()).isEqualTo(SensorGeometry.DVS128);
      assertSameEvents(readAll(reader), jumpy);
      assertThat(reader.stats().events()).isEqualTo(jumpy.size());
    }
    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("#!AER-DAT2.0\r\n")
        .contains("# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n");
  }

  @Test
  void aedat2AddressesFollowJaer() throws IOException {
    EventBatch one = new EventBatch(1);
    one.add(0, 5, true, 77);
    Path file = tmp.resolve("one.aedat");
    try (EventWriter w = Aedat2Writer.create(file)) {
      w.write(one);
    }
    byte[] bytes = Files.readAllBytes(file);
    long header = Aedat2Reader.headerLength(file);
    assertThat(bytes.length - header).isEqualTo(8);
    // x = 0 -> bits 1..7 hold 127; y = 5 -> bits 8..14; ON -> bit 0 = 0: 0x0000_05FE
    assertThat(java.util.Arrays.copyOfRange(bytes, (int) header, bytes.length))
        .containsExactly(0, 0, 5, 0xFE, 0, 0, 0, 77);
  }

  @Test
  void aedat2SpecialEventsAreSkippedAndCounted() throws IOException {
    Path file = tmp.resolve("special.aedat");
    byte[] header = "#!AER-DAT2.0\r\n# x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(header.length + 24).put(header);
    bb.putInt(0x0102).putInt(10).putInt(0x8000 | 0x0304).putInt(11).putInt(0x7FFF).putInt(12);
    Files.write(file, bb.array());
    try (EventReader reader = EventFiles.open(file)) {
      EventBatch events = readAll(reader);
      assertThat(events.size()).isEqualTo(2);
      assertThat(events.x(0)).isEqualTo(127 - 1);
      assertThat(events.y(0)).isEqualTo(1);
      assertThat(events.on(0)).isTrue();
      assertThat(events.x(1)).isEqualTo(0);
      assertThat(events.y(1)).isEqualTo(127);
      assertThat(events.on(1)).isFalse();
      assertThat(events.timestampMicros(1)).isEqualTo(12);
      assertThat(reader.stats()).isEqualTo(new ReadStats(2, 0, 1, 0));
    }
  }

  @Test
  void nmnistBinWritesOverflowMarkersBeyond23Bits() throws IOException {
    // 30 s of events: beyond 2^23 us = 8.39 s, so markers are needed
    EventBatch events = randomEvents(SensorGeometry.NMNIST, 3000, 100, 20_000, 3);
    assertThat(events.timestampMicros(events.size() - 1)).isGreaterThan(1L << 23);
    Path file = tmp.resolve("long.bin");
    try (EventWriter w = EventFiles.create(file, EventFileFormat.NMNIST_BIN)) {
      w.write(events);
    }
    try (EventReader reader = EventFiles.open(file)) {
      assertThat(reader.format()).isEqualTo(EventFileFormat.NMNIST_BIN);
      assertSameEvents(readAll(reader), events);
      long last = events.timestampMicros(events.size() - 1);
      long markers = reader.stats().overflowMarkers();
      // the smallest k with last - k * 2^13 < 2^23
      assertThat(markers).isEqualTo((last - (1L << 23) + (1L << 13)) / (1L << 13));
      assertThat(Files.size(file)).isEqualTo(5L * (events.size() + markers));
    }
  }

  @Test
  void nmnistBs2RoundTripAndItsLimit() throws IOException {
    EventBatch events = randomEvents(SensorGeometry.NMNIST, 3000, 0, 200, 4);
    Path file = tmp.resolve("s.bs2");
    try (EventWriter w = EventFiles.create(file, EventFileFormat.NMNIST_BS2)) {
      w.write(events);
    }
    try (EventReader reader = EventFiles.open(file)) {
      assertThat(reader.format()).isEqualTo(EventFileFormat.NMNIST_BS2);
      assertSameEvents(readAll(reader), events);
    }
    EventBatch late = new EventBatch(1);
    late.add(1, 1, true, 1L << 23);
    try (EventWriter w = EventFiles.create(tmp.resolve("late.bs2"), EventFileFormat.NMNIST_BS2)) {
      assertThatThrownBy(() -> w.write(late))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("23-bit");
    }
  }

  @Test
  void writersRejectABadBatchWithoutWritingAnyOfIt() throws IOException {
    EventBatch bad = new EventBatch(2);
    bad.add(1, 1, true, 10);
    bad.add(34, 0, true, 11);
    Path file = tmp.resolve("bad.bin");
    try (EventWriter w = EventFiles.create(file, EventFileFormat.NMNIST_BIN)) {
      assertThatThrownBy(() -> w.write(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(34, 0)");
    }
    assertThat(Files.size(file)).isZero();
    EventBatch negative = new EventBatch(1);
    negative.add(1, 1, true, -1);
    try (EventWriter w = EventFiles.create(tmp.resolve("n.aedat"), EventFileFormat.AEDAT2)) {
      assertThatThrownBy(() -> w.write(negative))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timestampMicros must be >= 0, got -1");
    }
  }

  @Test
  void outOfRangeNmnistEventsAreCountedAndDropped() throws IOException {
    Path file = tmp.resolve("wide.bs2");
    // (5, 6) ON at 7 us; (40, 2) outside 34x34; (2, 3) OFF at 9 us
    Files.write(file, new byte[] {5, 6, (byte) 0x80, 0, 7, 40, 2, 0, 0, 8, 2, 3, 0, 0, 9});
    try (EventReader reader = EventFiles.open(file)) {
      EventBatch events = readAll(reader);
      assertThat(events.size()).isEqualTo(2);
      assertThat(events.on(0)).isTrue();
      assertThat(events.on(1)).isFalse();
      assertThat(events.timestampMicros(1)).isEqualTo(9);
      assertThat(reader.stats()).isEqualTo(new ReadStats(2, 1, 0, 0));
    }
  }
}
