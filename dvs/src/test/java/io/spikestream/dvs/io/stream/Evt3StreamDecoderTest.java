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
import java.util.Random;
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

  @Test
  void vectorGroupsAndAddressQuadsGiveTheEventsOfTheWordByWordRules() throws Exception {
    // the decoder reads four words at a time; these words make it take the four-address path
    // (with a row and a column off a 64 x 32 sensor), the 32-column group path, and the
    // word-by-word path for a group that reaches past the last column
    SensorGeometry small = new SensorGeometry(64, 32);
    short[] words = {
      w(0x8, 0x002), // TIME_HIGH 2: t = 8192
      w(0x0, 3), // ADDR_Y 3
      w(0x2, 0x800 | 1), // ON x=1
      w(0x2, 64), // x=64: off the sensor
      w(0x2, 63), // OFF x=63
      w(0x0, 32), // ADDR_Y 32: off the sensor
      w(0x2, 5), // dropped (row)
      w(0x0, 4), // ADDR_Y 4
      w(0x3, 0x800 | 10), // VECT_BASE_X 10 ON
      w(0x4, 0b1000_0000_0001), // x = 10, 21
      w(0x4, 0b0000_0000_0010), // x = 23
      w(0x5, 0b1000_0001), // x = 34, 41; base -> 42
      w(0x5, 0b0000_0001), // a lone VECT_8 after the group: x = 42
      w(0x6, 0x005), // TIME_LOW 5: t = 8197
      w(0x3, 40), // VECT_BASE_X 40 OFF: 40 + 32 > 64, the word-by-word path
      w(0x4, 0b0000_0000_0001), // x = 40; base -> 52
      w(0x4, 0b1000_0000_0100), // x = 54, 63 (the last column); base -> 64
      w(0x5, 0b0000_0001), // x = 64: off the sensor
    };
    Evt3StreamDecoder d = new Evt3StreamDecoder(small);
    EventBatch out = new EventBatch(1);
    d.decode(le(words), out);
    assertThat(events(out))
        .containsExactly(
            "1,3,1@8192",
            "63,3,0@8192",
            "10,4,1@8192",
            "21,4,1@8192",
            "23,4,1@8192",
            "34,4,1@8192",
            "41,4,1@8192",
            "42,4,1@8192",
            "40,4,0@8197",
            "54,4,0@8197",
            "63,4,0@8197");
    assertThat(d.outOfRange()).isEqualTo(3);
    assertThat(d.beforeTimeBase()).isZero();
  }

  /**
   * Random word streams that mix runs of address words, vector groups (some at the edge), lone
   * vector words, time words with wraps, triggers and other words, decoded whole and in random
   * reads, against {@link WordByWord}: the word-by-word rules of the class comment.
   */
  @Test
  void randomStreamsInRandomReadsMatchTheWordByWordRules() throws Exception {
    Random random = new Random(20261127L);
    for (int stream = 0; stream < 60; stream++) {
      // a VGA sensor with rows and columns off it, and one as large as the 11-bit fields
      SensorGeometry small =
          stream % 3 == 2 ? new SensorGeometry(2048, 2048) : new SensorGeometry(640, 480);
      short[] words = randomWords(random, 3000, small);
      WordByWord reference = new WordByWord(small);
      for (short word : words) {
        reference.accept(word & 0xFFFF);
      }
      byte[] bytes = new byte[words.length * 2];
      le(words).get(bytes);
      for (boolean whole : new boolean[] {true, false}) {
        Evt3StreamDecoder d = new Evt3StreamDecoder(small);
        EventBatch out = new EventBatch(1);
        ByteBuffer buf = ByteBuffer.allocate(bytes.length);
        int at = 0;
        while (at < bytes.length) {
          // reads of 1 to 40 bytes cut words, address quads and vector groups anywhere
          int read = whole ? bytes.length : 1 + random.nextInt(40);
          buf.put(bytes, at, Math.min(read, bytes.length - at));
          at += Math.min(read, bytes.length - at);
          buf.flip();
          d.decode(buf, out);
          buf.compact();
        }
        String what = "stream " + stream + (whole ? " whole" : " in random reads");
        assertThat(events(out)).as(what).isEqualTo(reference.events);
        assertThat(d.outOfRange()).as(what).isEqualTo(reference.outOfRange);
        assertThat(d.beforeTimeBase()).as(what).isEqualTo(reference.beforeTimeBase);
        assertThat(d.triggers()).as(what).isEqualTo(reference.triggers);
        assertThat(d.otherWords()).as(what).isEqualTo(reference.otherWords);
        assertThat(d.bytePosition()).as(what).isEqualTo(bytes.length);
      }
    }
  }

  private static short[] randomWords(Random r, int count, SensorGeometry g) {
    List<Short> words = new ArrayList<>();
    // a third of the streams start with events before the first TIME_HIGH
    if (r.nextInt(3) > 0) {
      words.add(w(0x8, r.nextInt(4096)));
    }
    while (words.size() < count) {
      int kind = r.nextInt(20);
      if (kind < 12) {
        // a row and some columns; a few rows and columns off the sensor (where 11 bits reach)
        words.add(w(0x0, r.nextInt(10) == 0 ? offSensor(r, g.height()) : r.nextInt(g.height())));
        for (int k = r.nextInt(8); k >= 0; k--) {
          int x = r.nextInt(20) == 0 ? offSensor(r, g.width()) : r.nextInt(g.width());
          words.add(w(0x2, (r.nextBoolean() ? 0x800 : 0) | x));
        }
      } else if (kind < 16) {
        // a vector group, sometimes reaching past the last column, masks sparse or dense
        int baseX = r.nextInt(4) == 0 ? g.width() - 40 + r.nextInt(40) : r.nextInt(g.width() - 40);
        words.add(w(0x3, (r.nextBoolean() ? 0x800 : 0) | baseX));
        boolean dense = r.nextInt(4) == 0;
        words.add(w(0x4, vectorMask(r, 12, dense)));
        words.add(w(0x4, vectorMask(r, 12, dense)));
        words.add(w(0x5, vectorMask(r, 8, dense)));
      } else if (kind == 16) {
        words.add(
            r.nextBoolean() ? w(0x4, vectorMask(r, 12, true)) : w(0x5, vectorMask(r, 8, true)));
      } else if (kind == 17) {
        words.add(w(0x6, r.nextInt(4096)));
      } else if (kind == 18) {
        words.add(w(0x8, r.nextInt(4096)));
      } else {
        int[] other = {0xA, 0x7, 0xE, 0xF};
        words.add(w(other[r.nextInt(other.length)], r.nextInt(4096)));
      }
    }
    short[] result = new short[words.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = words.get(i);
    }
    return result;
  }

  private static int offSensor(Random r, int limit) {
    return Math.min(0x7FF, limit + r.nextInt(100));
  }

  private static int vectorMask(Random r, int bits, boolean dense) {
    int m = 0;
    for (int b = 0; b < bits; b++) {
      if (r.nextInt(dense ? 2 : 16) == 0) {
        m |= 1 << b;
      }
    }
    return m;
  }

  /** The EVT 3.0 rules of the decoder's class comment, one word at a time, kept plain. */
  private static final class WordByWord {
    final int width;
    final int height;
    final List<String> events = new ArrayList<>();
    long outOfRange;
    long beforeTimeBase;
    long triggers;
    long otherWords;
    int y;
    int baseX;
    int basePolarity;
    int low;
    int highRaw = -1;
    long wraps;

    WordByWord(SensorGeometry g) {
      width = g.width();
      height = g.height();
    }

    void event(int x, int polarity) {
      if (highRaw < 0) {
        beforeTimeBase++;
      } else if (x >= width || y >= height) {
        outOfRange++;
      } else {
        long t = wraps + ((long) highRaw << 12 | low);
        events.add(x + "," + y + "," + polarity + "@" + t);
      }
    }

    void accept(int word) {
      int payload = word & 0xFFF;
      switch (word >>> 12) {
        case 0x0 -> y = payload & 0x7FF;
        case 0x2 -> event(payload & 0x7FF, payload >>> 11);
        case 0x3 -> {
          basePolarity = payload >>> 11;
          baseX = payload & 0x7FF;
        }
        case 0x4, 0x5 -> {
          int bits = word >>> 12 == 0x4 ? 12 : 8;
          for (int b = 0; b < bits; b++) {
            if ((payload >>> b & 1) != 0) {
              event(baseX + b, basePolarity);
            }
          }
          baseX += bits;
        }
        case 0x6 -> low = payload;
        case 0x8 -> {
          if (highRaw >= 0 && highRaw - payload > 2048) {
            wraps += 1L << 24;
          }
          highRaw = payload;
        }
        case 0xA -> triggers++;
        default -> otherWords++;
      }
    }
  }
}
