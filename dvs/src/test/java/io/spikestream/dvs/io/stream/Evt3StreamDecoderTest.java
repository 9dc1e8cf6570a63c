package io.spikestream.dvs.io.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EVT 3.0 words built by hand from the format description, decoded whole and split anywhere. */
class Evt3StreamDecoderTest {

  private static final SensorGeometry G = new SensorGeometry(1280, 720);

  private static short w(int type, int payload) {
    return (short) (type << 12 | payload);
  }

  private static ByteBuffer le(short... words) {
    ByteBuffer b = ByteBuffer.allocate(words.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : words) {
      b.putShort(s);
    }
    return b.flip().order(ByteOrder.BIG_ENDIAN); // the decoder must not rely on the caller's order
  }

  private static List<String> events(EventBatch b) {
    List<String> r = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) {
      r.add(b.x(i) + "," + b.y(i) + "," + (b.on(i) ? 1 : 0) + "@" + b.timestampMicros(i));
    }
    return r;
  }

  private static final short[] SAMPLE = {
    w(0x2, 5), // ADDR_X before any TIME_HIGH: no time base, dropped
    w(0x8, 0x001), // TIME_HIGH: t = 1 << 12 = 4096
    w(0x6, 0x010), // TIME_LOW 16: t = 4112
    w(0x0, 100), // ADDR_Y 100
    w(0x2, 0x800 | 7), // ADDR_X ON x=7
    w(0x3, 20), // VECT_BASE_X 20, OFF
    w(0x4, 0b1000_0000_0101), // VECT_12: x = 20, 22, 31; base -> 32
    w(0x5, 0b1000_0001), // VECT_8: x = 32, 39; base -> 40
    w(0xA, 0x101), // EXT_TRIGGER
    w(0xE, 0x001), // OTHERS
    w(0xF, 0x123), // CONTINUED_12
    w(0x6, 0xFFF), // TIME_LOW 4095: t = 8191
    w(0x2, 1279), // ADDR_X OFF x = 1279 (last column)
    w(0x0, 720), // ADDR_Y 720: outside the 720 rows
    w(0x2, 3), // dropped, out of range
    w(0x0, 0), // ADDR_Y 0
    w(0x8, 0xFFF), // TIME_HIGH 4095: t = 4095 << 12 | 4095
    w(0x2, 9),
    w(0x8, 0x000), // falls by 4095 (> half): wrap, t = 2^24 + 0 << 12 | 4095
    w(0x2, 10),
    w(0x8, 0x7FF), // rises
    w(0x8, 0x7FE), // falls by 1: jitter, no wrap
    w(0x6, 0),
    w(0x2, 11),
  };

  @Test
  void decodesEveryWordKindAsSpecified() throws Exception {
    Evt3StreamDecoder d = new Evt3StreamDecoder(G);
    EventBatch out = new EventBatch(4);
    d.decode(le(SAMPLE), out);
    long wrap = 1L << 24;
    assertThat(events(out))
        .containsExactly(
            "7,100,1@4112",
            "20,100,0@4112",
            "22,100,0@4112",
            "31,100,0@4112",
            "32,100,0@4112",
            "39,100,0@4112",
            "1279,100,0@8191",
            "9,0,0@" + ((4095L << 12) | 4095),
            "10,0,0@" + (wrap + 4095),
            "11,0,0@" + (wrap + (0x7FEL << 12)));
    assertThat(d.beforeTimeBase()).isEqualTo(1);
    assertThat(d.outOfRange()).isEqualTo(1);
    assertThat(d.eventsDropped()).isEqualTo(2);
    assertThat(d.triggers()).isEqualTo(1);
    assertThat(d.otherWords()).isEqualTo(2);
  }

  @Test
  void splittingTheStreamAnywhereGivesTheSameEvents() throws Exception {
    Evt3StreamDecoder whole = new Evt3StreamDecoder(G);
    EventBatch expected = new EventBatch();
    whole.decode(le(SAMPLE), expected);
    byte[] bytes = new byte[SAMPLE.length * 2];
    le(SAMPLE).get(bytes);
    for (int chunk = 1; chunk <= 7; chunk++) {
      Evt3StreamDecoder d = new Evt3StreamDecoder(G);
      EventBatch out = new EventBatch(1);
      ByteBuffer buf = ByteBuffer.allocate(16);
      for (int i = 0; i < bytes.length; i += chunk) {
        buf.put(bytes, i, Math.min(chunk, bytes.length - i));
        buf.flip();
        d.decode(buf, out);
        assertThat(buf.remaining()).isLessThan(2);
        buf.compact();
      }
      assertThat(buf.position()).isZero();
      assertThat(events(out)).as("chunks of %d bytes", chunk).isEqualTo(events(expected));
      assertThat(d.bytePosition()).isEqualTo(bytes.length);
    }
  }

  @Test
  void unknownWordTypeNamesItsOffset() {
    Evt3StreamDecoder d = new Evt3StreamDecoder(G, 166);
    ByteBuffer src = le(w(0x8, 1), w(0x6, 2), w(0x1, 0));
    assertThatThrownBy(() -> d.decode(src, new EventBatch()))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unknown type 0x1")
        .satisfies(e -> assertThat(((EventFormatException) e).byteOffset()).isEqualTo(170));
  }
}
