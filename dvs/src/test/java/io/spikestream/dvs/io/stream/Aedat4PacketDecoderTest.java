package io.spikestream.dvs.io.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;

/** AEDAT 4.0 event packets built by hand from the flatbuffers layout, in each compression. */
class Aedat4PacketDecoderTest {

  /** A size-prefixed EventPacket flatbuffer (identifier EVTS) holding {@code n} events. */
  static byte[] eventPacket(int n, long t0) {
    ByteBuffer b = ByteBuffer.allocate(4 + 32 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(32 + 16 * n); // size prefix: the bytes after it
    b.putInt(16); // root table at 16
    b.put("EVTS".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.putShort((short) 6).putShort((short) 8).putShort((short) 4); // vtable at 8: field 0 at +4
    b.putShort((short) 0); // padding
    b.putInt(8); // table at 16: vtable = 16 - 8
    b.putInt(8); // field 0 at 20: vector at 28
    b.putInt(0); // padding
    b.putInt(n); // vector length at 28, structs from 32 (8-aligned)
    for (int i = 0; i < n; i++) {
      b.putLong(t0 + i).putShort((short) (i % 320)).putShort((short) (i % 240));
      b.put((byte) (i % 3 == 0 ? 1 : 0)).put(new byte[3]);
    }
    return b.array();
  }

  static byte[] lz4Frame(byte[] raw) throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bos)) {
      out.write(raw);
    }
    return bos.toByteArray();
  }

  private static void assertEvents(EventBatch out, int n, long t0) {
    assertThat(out.size()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      assertThat(out.timestampMicros(i)).isEqualTo(t0 + i);
      assertThat(out.x(i)).isEqualTo(i % 320);
      assertThat(out.y(i)).isEqualTo(i % 240);
      assertThat(out.on(i)).isEqualTo(i % 3 == 0);
    }
  }

  @Test
  void decodesUncompressedLz4AndZstdPackets() throws Exception {
    int n = 10_000; // 160 kB: several LZ4 blocks
    long t0 = 1_605_507_430_438_338L;
    byte[] raw = eventPacket(n, t0);
    EventBatch out = new EventBatch();
    Aedat4PacketDecoder.decodeEventPacket(ByteBuffer.wrap(raw), Aedat4Compression.NONE, out);
    assertEvents(out, n, t0);
    out.clear();
    Aedat4PacketDecoder.decodeEventPacket(
        ByteBuffer.wrap(lz4Frame(raw)), Aedat4Compression.LZ4, out);
    assertEvents(out, n, t0);
    out.clear();
    byte[] z = Zstd.compress(raw);
    ByteBuffer direct = ByteBuffer.allocateDirect(z.length).put(z).flip();
    Aedat4PacketDecoder.decodeEventPacket(direct, Aedat4Compression.ZSTD, out);
    assertEvents(out, n, t0);
    assertThat(direct.remaining()).isZero();
  }

  @Test
  void dropsEventsOutsideTheGeometry() throws Exception {
    Aedat4PacketDecoder d = new Aedat4PacketDecoder(new SensorGeometry(100, 100));
    EventBatch out = new EventBatch();
    d.decode(ByteBuffer.wrap(eventPacket(300, 0)), Aedat4Compression.NONE, out, 0);
    long inside = 0;
    for (int i = 0; i < 300; i++) {
      if (i % 320 < 100 && i % 240 < 100) {
        inside++;
      }
    }
    assertThat(out.size()).isEqualTo(inside);
    assertThat(d.eventsDropped()).isEqualTo(300 - inside);
  }

  @Test
  void linkedLz4BlocksMayCopyFromTheBlockBefore() throws Exception {
    // block 1 stores "abcdefgh" as literals; block 2 is one match of 12 bytes at offset 8
    // followed by the 5 literals the format requires at the end of a block
    byte[] block1 = {(byte) 0x80, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
    byte[] block2 = {0x08, 8, 0, 0x50, 'v', 'w', 'x', 'y', 'z'};
    ByteBuffer f = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    f.putInt(0x184D2204).put((byte) 0x40).put((byte) 0x40).put((byte) 0); // linked, 64 KB
    f.putInt(block1.length).put(block1).putInt(block2.length).put(block2).putInt(0);
    Lz4Frames lz4 = new Lz4Frames();
    int len = lz4.decompress(f.array(), 0, f.position(), 0);
    assertThat(new String(lz4.out, 0, len, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("abcdefgh" + "abcdefghabcd" + "vwxyz");
  }

  @Test
  void corruptPacketsAreFormatErrorsWithOffsets() throws Exception {
    byte[] raw = eventPacket(10, 0);
    byte[] notEvents = raw.clone();
    notEvents[8] = 'I';
    assertThatThrownBy(
            () ->
                new Aedat4PacketDecoder()
                    .decode(
                        ByteBuffer.wrap(notEvents), Aedat4Compression.NONE, new EventBatch(), 100))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("not EVTS");
    byte[] frame = lz4Frame(raw);
    byte[] cut = Arrays.copyOf(frame, frame.length - 6);
    assertThatThrownBy(
            () ->
                new Aedat4PacketDecoder()
                    .decode(ByteBuffer.wrap(cut), Aedat4Compression.LZ4, new EventBatch(), 100))
        .isInstanceOf(EventFormatException.class)
        .satisfies(e -> assertThat(((EventFormatException) e).byteOffset()).isGreaterThan(100));
    byte[] shortVector = raw.clone();
    shortVector[32] = 11; // the vector length (after the size prefix) claims 11 events, holds 10
    assertThatThrownBy(
            () ->
                new Aedat4PacketDecoder()
                    .decode(
                        ByteBuffer.wrap(shortVector), Aedat4Compression.NONE, new EventBatch(), 0))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("past the end");
  }
}
