package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Hand-made datagrams in AEStream's UDP layout (words built bit by bit from its encoder). */
class AestreamUdpDecoderTest {

  /** AEStream's event word: x << 16 | polarity << 15 | y, bit 31 = no timestamp. */
  static int word(int x, int y, boolean on, boolean noTimestamp) {
    return (noTimestamp ? 0x8000_0000 : 0) | (x << 16) | (on ? 0x8000 : 0) | y;
  }

  static ByteBuffer le(int... words) {
    ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      b.putInt(w);
    }
    return b.flip();
  }

  @Test
  void decodesTimestampedAndUntimestampedEvents() {
    AestreamUdpDecoder d = new AestreamUdpDecoder();
    EventBatch out = new EventBatch(2);
    int n =
        d.decode(
            le(
                word(639, 479, true, false),
                123_456,
                word(0, 1, false, false),
                123_460,
                word(32767, 32767, true, true)),
            out,
            999);
    assertThat(n).isEqualTo(3);
    assertThat(out.x(0)).isEqualTo(639);
    assertThat(out.y(0)).isEqualTo(479);
    assertThat(out.on(0)).isTrue();
    assertThat(out.timestampMicros(0)).isEqualTo(123_456);
    assertThat(out.on(1)).isFalse();
    assertThat(out.timestampMicros(1)).isEqualTo(123_460);
    assertThat(out.x(2)).isEqualTo(32767);
    assertThat(out.y(2)).isEqualTo(32767);
    assertThat(out.timestampMicros(2)).isEqualTo(999);
    assertThat(d.drops()).isZero();
  }

  @Test
  void unwrapsThe32BitClockAndCountsTruncatedWords() {
    AestreamUdpDecoder d = new AestreamUdpDecoder();
    EventBatch out = new EventBatch(2);
    d.decode(le(word(1, 1, true, false), 0xFFFF_FFF0), out, 0);
    d.decode(le(word(1, 1, true, false), 0x10), out, 0);
    d.decode(le(word(1, 1, true, false), 0x08), out, 0); // small jump back: disorder, not a wrap
    assertThat(out.timestampMicros(0)).isEqualTo(0xFFFF_FFF0L);
    assertThat(out.timestampMicros(1)).isEqualTo((1L << 32) + 0x10);
    assertThat(out.timestampMicros(2)).isEqualTo((1L << 32) + 0x08);
    // a timestamped word without its timestamp, then 2 stray bytes
    ByteBuffer bad = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    bad.putInt(word(2, 2, false, true)).putInt(word(3, 3, false, false)).putShort((short) 7);
    bad.flip();
    assertThat(d.decode(bad, out, 5)).isEqualTo(1);
    assertThat(d.drops()).isEqualTo(2);
  }
}
