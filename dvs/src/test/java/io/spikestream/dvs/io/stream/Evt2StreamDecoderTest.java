package io.spikestream.dvs.io.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** EVT 2.0 words built by hand from the format description. */
class Evt2StreamDecoderTest {

  private static final SensorGeometry G = new SensorGeometry(640, 480);

  private static int cd(boolean on, int tLow, int x, int y) {
    return (on ? 1 : 0) << 28 | tLow << 22 | x << 11 | y;
  }

  private static int high(long raw) {
    return 0x8 << 28 | (int) raw;
  }

  private static ByteBuffer le(int... words) {
    ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int s : words) {
      b.putInt(s);
    }
    return b.flip().order(ByteOrder.BIG_ENDIAN);
  }

  @Test
  void decodesEveryWordKindAndUnwrapsTheTimeHigh() throws Exception {
    long maxHigh = (1L << 28) - 1;
    ByteBuffer src =
        le(
            cd(true, 1, 1, 1), // before any time high: dropped
            high(1000),
            cd(true, 63, 639, 479),
            cd(false, 0, 640, 0), // x out of range
            0xA << 28 | 1, // trigger
            0xE << 28, // others
            0xF << 28 | 5, // continued
            high(maxHigh),
            cd(false, 2, 3, 4),
            high(1), // falls by more than half the range: wrap of the 34-bit time
            cd(true, 5, 6, 7));
    int tail = 3;
    ByteBuffer withTail = ByteBuffer.allocate(src.remaining() + tail).put(src).put(new byte[tail]);
    withTail.flip();
    Evt2StreamDecoder d = new Evt2StreamDecoder(G);
    EventBatch out = new EventBatch(2);
    d.decode(withTail, out);
    assertThat(withTail.remaining()).isEqualTo(tail);
    assertThat(out.size()).isEqualTo(3);
    assertThat(out.x(0)).isEqualTo(639);
    assertThat(out.y(0)).isEqualTo(479);
    assertThat(out.on(0)).isTrue();
    assertThat(out.timestampMicros(0)).isEqualTo(1000L * 64 + 63);
    assertThat(out.timestampMicros(1)).isEqualTo(maxHigh * 64 + 2);
    assertThat(out.on(1)).isFalse();
    assertThat(out.timestampMicros(2)).isEqualTo((1L << 34) + 64 + 5);
    assertThat(d.beforeTimeBase()).isEqualTo(1);
    assertThat(d.outOfRange()).isEqualTo(1);
    assertThat(d.triggers()).isEqualTo(1);
    assertThat(d.otherWords()).isEqualTo(2);
  }

  @Test
  void unknownWordTypeNamesItsOffset() {
    Evt2StreamDecoder d = new Evt2StreamDecoder(G, 100);
    ByteBuffer src = le(high(1), 0x3 << 28);
    assertThatThrownBy(() -> d.decode(src, new EventBatch()))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unknown type 0x3")
        .satisfies(e -> assertThat(((EventFormatException) e).byteOffset()).isEqualTo(104));
  }
}
