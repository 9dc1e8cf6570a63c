package io.spikestream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketFormatException.Field;
import io.spikestream.schemas.codec.EventPacketFormatException.Problem;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventPacketCodecTest {

  /** Parallel event arrays, the shape of dvs.EventBatch's columns. */
  record Events(int[] xs, int[] ys, boolean[] on, long[] ts) {
    int size() {
      return xs.length;
    }
  }

  private final EventPacketCodec codec = new EventPacketCodec();

  private static Events random(int n, int width, int height, long seed, long maxStep) {
    Random r = new Random(seed);
    Events e = new Events(new int[n], new int[n], new boolean[n], new long[n]);
    long t = 1_000_000L + r.nextInt(1000);
    for (int i = 0; i < n; i++) {
      e.xs[i] = r.nextInt(width);
      e.ys[i] = r.nextInt(height);
      e.on[i] = r.nextBoolean();
      t += (long) (r.nextDouble() * maxStep);
      e.ts[i] = t;
    }
    return e;
  }

  static Stream<Arguments> packets() {
    Events nonMonotonic =
        new Events(
            new int[] {1, 2, 3, 4, 5},
            new int[] {5, 4, 3, 2, 1},
            new boolean[] {true, false, false, true, true},
            new long[] {100, 90, 200, 50, 50});
    Events maxCoordinates =
        new Events(
            new int[] {32767, 0, 32767},
            new int[] {32767, 32767, 0},
            new boolean[] {true, true, false},
            new long[] {0, 1, 2});
    Events extremeGaps =
        new Events(
            new int[] {0, 1, 2, 3, 4},
            new int[] {0, 1, 2, 3, 4},
            new boolean[] {false, true, false, true, false},
            new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1_000_000_000_000L, Long.MAX_VALUE});
    return Stream.of(
        Arguments.of(
            "0 events", new Events(new int[0], new int[0], new boolean[0], new long[0]), 34, 34),
        Arguments.of(
            "1 event",
            new Events(new int[] {33}, new int[] {0}, new boolean[] {true}, new long[] {7}),
            34,
            34),
        Arguments.of("non-monotonic timestamps", nonMonotonic, 34, 34),
        Arguments.of("max coordinates 32767", maxCoordinates, 32768, 32768),
        Arguments.of("extreme gaps and negative deltas", extremeGaps, 128, 128),
        Arguments.of("1000 N-MNIST-like", random(1000, 34, 34, 1, 20), 34, 34),
        Arguments.of("1003 with large steps", random(1003, 128, 128, 2, 1_000_000_000L), 128, 128),
        Arguments.of("uint16 limit", random(77, 65535, 65535, 3, 5), 65535, 65535));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packets")
  void roundTripsEveryEvent(String name, Events e, int width, int height) {
    SampleInfo sample =
        SampleInfo.newBuilder()
            .setSampleId("s")
            .setSampleStartMicros(5)
            .setSampleDurationMicros(10)
            .build();
    EventPacket p =
        codec.encode("cam", 3, width, height, e.xs, e.ys, e.on, e.ts, 0, e.size(), sample);
    assertThat(p.getEventCount()).isEqualTo(e.size());
    assertThat(p.getBaseTimestampMicros()).isEqualTo(e.size() == 0 ? 5 : e.ts[0]);

    EventColumns out = new EventColumns(0);
    int kept = codec.decode(p, out, OutOfRange.REJECT);
    assertThat(kept).isEqualTo(e.size());
    assertThat(out.droppedOutOfRange()).isZero();
    assertThat(Arrays.copyOf(out.xs(), kept)).containsExactly(e.xs);
    assertThat(Arrays.copyOf(out.ys(), kept)).containsExactly(e.ys);
    assertThat(Arrays.copyOf(out.polarities(), kept)).containsExactly(e.on);
    assertThat(Arrays.copyOf(out.timestampsMicros(), kept)).containsExactly(e.ts);
  }

  @Test
  void writesTheDocumentedLayout() {
    // x = 258 -> 02 01 (LE); polarity ON,OFF,ON -> 0b101; deltas from base 1000: +1 -> zigzag 2,
    // -2 -> zigzag 3, +64 -> zigzag 128 = 80 01 (LEB128)
    EventPacket p =
        codec.encode(
            "cam",
            0,
            300,
            300,
            1000,
            new int[] {258, 1, 2},
            new int[] {0, 299, 3},
            new boolean[] {true, false, true},
            new long[] {1001, 999, 1063},
            0,
            3,
            null);
    assertThat(bytes(p.getX())).containsExactly(2, 1, 1, 0, 2, 0);
    assertThat(bytes(p.getY())).containsExactly(0, 0, 0x2b, 1, 3, 0);
    assertThat(bytes(p.getPolarity())).containsExactly(0b101);
    assertThat(bytes(p.getTimestampDeltas())).containsExactly(2, 3, 0x80, 0x01);
  }

  @Test
  void encodesASliceAndAnExplicitBase() {
    Events e = random(50, 34, 34, 9, 10);
    EventPacket p = codec.encode("cam", 0, 34, 34, 0L, e.xs, e.ys, e.on, e.ts, 10, 20, null);
    assertThat(p.getBaseTimestampMicros()).isZero();
    EventColumns out = new EventColumns(4);
    codec.decode(p, out, OutOfRange.REJECT);
    assertThat(Arrays.copyOf(out.timestampsMicros(), out.size()))
        .containsExactly(Arrays.copyOfRange(e.ts, 10, 30));
    assertThat(Arrays.copyOf(out.xs(), out.size()))
        .containsExactly(Arrays.copyOfRange(e.xs, 10, 30));
  }

  @Test
  void encoderRefusesCoordinatesOutsideTheGeometry() {
    assertThatThrownBy(
            () ->
                codec.encode(
                    "cam",
                    0,
                    34,
                    34,
                    new int[] {0, 34},
                    new int[] {0, 0},
                    new boolean[2],
                    new long[2],
                    0,
                    2,
                    null))
        .isInstanceOfSatisfying(
            EventPacketFormatException.class,
            ex -> {
              assertThat(ex.field()).isEqualTo(Field.X);
              assertThat(ex.problem()).isEqualTo(Problem.OUT_OF_RANGE);
              assertThat(ex).hasMessageContaining("event 1").hasMessageContaining("x = 34");
            });
    assertThatThrownBy(
            () ->
                codec.encode(
                    "cam",
                    0,
                    34,
                    34,
                    new int[] {0},
                    new int[] {-1},
                    new boolean[1],
                    new long[1],
                    0,
                    1,
                    null))
        .isInstanceOfSatisfying(
            EventPacketFormatException.class, ex -> assertThat(ex.field()).isEqualTo(Field.Y));
    assertThatThrownBy(
            () ->
                codec.encode(
                    "cam",
                    0,
                    0,
                    34,
                    new int[0],
                    new int[0],
                    new boolean[0],
                    new long[0],
                    0,
                    0,
                    null))
        .isInstanceOfSatisfying(
            EventPacketFormatException.class, ex -> assertThat(ex.field()).isEqualTo(Field.WIDTH));
  }

  /** A packet whose x column says 200 on a 128-wide sensor (as a foreign producer could send). */
  private EventPacket withOutOfRangeX() {
    EventPacket p =
        codec.encode(
            "cam",
            0,
            256,
            128,
            new int[] {1, 200, 3},
            new int[] {4, 5, 6},
            new boolean[] {true, true, false},
            new long[] {10, 20, 30},
            0,
            3,
            null);
    p.setWidth(128);
    return p;
  }

  @Test
  void decodeDropsAndCountsOutOfRangeEvents() {
    EventColumns out = new EventColumns();
    int kept = codec.decode(withOutOfRangeX(), out, OutOfRange.DROP);
    assertThat(kept).isEqualTo(2);
    assertThat(out.droppedOutOfRange()).isEqualTo(1);
    assertThat(Arrays.copyOf(out.xs(), 2)).containsExactly(1, 3);
    assertThat(Arrays.copyOf(out.ys(), 2)).containsExactly(4, 6);
    assertThat(Arrays.copyOf(out.polarities(), 2)).containsExactly(true, false);
    assertThat(Arrays.copyOf(out.timestampsMicros(), 2)).containsExactly(10, 30);
  }

  @Test
  void decodeRejectsOutOfRangeEventsWhenAsked() {
    assertThatThrownBy(() -> codec.decode(withOutOfRangeX(), new EventColumns(), OutOfRange.REJECT))
        .isInstanceOfSatisfying(
            EventPacketFormatException.class,
            ex -> {
              assertThat(ex.field()).isEqualTo(Field.X);
              assertThat(ex.problem()).isEqualTo(Problem.OUT_OF_RANGE);
              assertThat(ex).hasMessageContaining("x = 200");
            });
  }

  private EventPacket valid(int n) {
    Events e = random(n, 34, 34, 5, 100);
    return codec.encode("cam", 0, 34, 34, e.xs, e.ys, e.on, e.ts, 0, n, null);
  }

  private void assertFormatError(EventPacket p, Field field, Problem problem) {
    assertThatThrownBy(() -> codec.decode(p, new EventColumns(), OutOfRange.DROP))
        .isInstanceOfSatisfying(
            EventPacketFormatException.class,
            ex -> {
              assertThat(ex.field()).isEqualTo(field);
              assertThat(ex.problem()).isEqualTo(problem);
              assertThat(ex).hasMessageStartingWith(field + " " + problem);
            });
  }

  @Test
  void decodeNamesTheFieldOfEveryLayoutError() {
    EventPacket countTooHigh = valid(10);
    countTooHigh.setEventCount(11);
    assertFormatError(countTooHigh, Field.X, Problem.LENGTH_MISMATCH);

    EventPacket negative = valid(10);
    negative.setEventCount(-1);
    assertFormatError(negative, Field.EVENT_COUNT, Problem.INVALID_VALUE);

    EventPacket shortY = valid(10);
    shortY.setY(ByteBuffer.wrap(new byte[19]));
    assertFormatError(shortY, Field.Y, Problem.LENGTH_MISMATCH);

    EventPacket shortPolarity = valid(9);
    shortPolarity.setPolarity(ByteBuffer.wrap(new byte[1]));
    assertFormatError(shortPolarity, Field.POLARITY, Problem.LENGTH_MISMATCH);

    EventPacket badHeight = valid(1);
    badHeight.setHeight(70000);
    assertFormatError(badHeight, Field.HEIGHT, Problem.INVALID_VALUE);
  }

  @Test
  void decodeCatchesVarintOverrunsAndLeftovers() {
    // 3 events; the third varint starts but never ends (continuation bit on the last byte)
    EventPacket overrun = valid(3);
    overrun.setTimestampDeltas(ByteBuffer.wrap(new byte[] {2, 2, (byte) 0x80}));
    assertFormatError(overrun, Field.TIMESTAMP_DELTAS, Problem.VARINT_OVERRUN);

    // 2 events, but the bytes hold one long varint of 3 bytes: the second one is missing
    EventPacket missing = valid(2);
    missing.setTimestampDeltas(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81, 1}));
    assertFormatError(missing, Field.TIMESTAMP_DELTAS, Problem.VARINT_OVERRUN);

    EventPacket leftover = valid(2);
    leftover.setTimestampDeltas(ByteBuffer.wrap(new byte[] {2, 2, 2}));
    assertFormatError(leftover, Field.TIMESTAMP_DELTAS, Problem.TRAILING_BYTES);

    byte[] eleven = new byte[11];
    Arrays.fill(eleven, (byte) 0x80);
    eleven[10] = 1;
    EventPacket tooLong = valid(2);
    tooLong.setTimestampDeltas(ByteBuffer.wrap(eleven));
    assertFormatError(tooLong, Field.TIMESTAMP_DELTAS, Problem.VARINT_TOO_LONG);
  }

  @Test
  void decodesDirectAndOffsetBuffers() {
    EventPacket p = valid(100);
    EventColumns expected = new EventColumns();
    codec.decode(p, expected, OutOfRange.REJECT);

    EventPacket moved = EventPacket.newBuilder(p).build();
    moved.setX(direct(p.getX()));
    moved.setTimestampDeltas(direct(p.getTimestampDeltas()));
    byte[] padded = new byte[p.getY().remaining() + 7];
    p.getY().duplicate().get(padded, 3, p.getY().remaining());
    moved.setY(ByteBuffer.wrap(padded, 3, p.getY().remaining()).slice());
    EventColumns out = new EventColumns();
    codec.decode(moved, out, OutOfRange.REJECT);
    assertThat(Arrays.copyOf(out.xs(), out.size()))
        .containsExactly(Arrays.copyOf(expected.xs(), expected.size()));
    assertThat(Arrays.copyOf(out.ys(), out.size()))
        .containsExactly(Arrays.copyOf(expected.ys(), expected.size()));
    assertThat(Arrays.copyOf(out.timestampsMicros(), out.size()))
        .containsExactly(Arrays.copyOf(expected.timestampsMicros(), expected.size()));
  }

  @Test
  void columnsAreReusedAcrossPacketsOfDifferentSizes() {
    EventColumns out = new EventColumns(2);
    codec.decode(valid(500), out, OutOfRange.REJECT);
    assertThat(out.size()).isEqualTo(500);
    codec.decode(valid(3), out, OutOfRange.REJECT);
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.xs().length).isGreaterThanOrEqualTo(500);
  }

  @Test
  void decodeIntoAppendsToCallerArraysAtAnOffset() {
    EventPacket first = valid(5);
    EventPacket second = withOutOfRangeX();
    int[] xs = new int[10];
    int[] ys = new int[10];
    boolean[] on = new boolean[10];
    long[] ts = new long[10];
    int size = codec.decodeInto(first, xs, ys, on, ts, 0, OutOfRange.REJECT);
    assertThat(size).isEqualTo(5);
    int added = codec.decodeInto(second, xs, ys, on, ts, size, OutOfRange.DROP);
    assertThat(added).isEqualTo(2);
    EventColumns expected = new EventColumns();
    codec.decode(first, expected, OutOfRange.REJECT);
    assertThat(Arrays.copyOf(xs, 7))
        .containsExactly(
            expected.xs()[0],
            expected.xs()[1],
            expected.xs()[2],
            expected.xs()[3],
            expected.xs()[4],
            1,
            3);
    assertThat(Arrays.copyOfRange(ts, 5, 7)).containsExactly(10, 30);
    assertThat(xs[7]).as("nothing written past the kept events").isZero();
  }

  @Test
  void decodeIntoRefusesArraysWithoutRoom() {
    assertThatThrownBy(
            () ->
                codec.decodeInto(
                    valid(5),
                    new int[6],
                    new int[6],
                    new boolean[6],
                    new long[4],
                    0,
                    OutOfRange.DROP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset + eventCount = 5")
        .hasMessageContaining("shortest holds 4");
  }

  private static ByteBuffer direct(ByteBuffer b) {
    ByteBuffer d = ByteBuffer.allocateDirect(b.remaining());
    d.put(b.duplicate()).flip();
    return d;
  }

  private static int[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    int[] out = new int[d.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.get() & 0xFF;
    }
    return out;
  }
}
