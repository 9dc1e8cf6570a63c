package io.spikestream.dvs.io;

import com.github.luben.zstd.Zstd;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat4Compression;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Writes AEDAT 4.0 files with one events stream (id 0, EVTS) that {@link EventFiles} and the DV
 * tools read: the version line, the IOHeader flatbuffer (compression, no data table, an infoNode
 * naming the stream and its sizeX/sizeY), then one packet per {@value #PACKET_EVENTS} events of
 * each batch: int32 stream id, int32 size, the size-prefixed EventPacket flatbuffer, compressed as
 * an LZ4 frame (64 KiB independent blocks), a Zstandard frame, or not. The same packet layout is
 * what the DV network stream carries after its IOHeader.
 *
 * <p>Coordinates must lie in the geometry; timestamps are int64 µs, written as given.
 */
public final class Aedat4Writer implements EventWriter {

  /** Events per packet at most (DV's own packets hold a few thousand). */
  public static final int PACKET_EVENTS = 8192;

  private static final int ZSTD_LEVEL = 3;

  private final OutputStream out;
  private final SensorGeometry geometry;
  private final Aedat4Compression compression;
  private final ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private ByteBuffer packet = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

  private Aedat4Writer(OutputStream out, SensorGeometry geometry, Aedat4Compression compression)
      throws IOException {
    this.out = out;
    this.geometry = geometry;
    this.compression = compression;
    out.write((StreamFormats.AEDAT4_MAGIC + "\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] header = ioHeader(compression, infoNode(geometry, compression));
    head.clear();
    head.putInt(header.length);
    out.write(head.array(), 0, 4);
    out.write(header);
  }

  /** Creates (or replaces) {@code path}. */
  public static Aedat4Writer create(
      Path path, SensorGeometry geometry, Aedat4Compression compression) throws IOException {
    return new Aedat4Writer(
        new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), geometry, compression);
  }

  /** The header's XML: one events stream, id 0, with the geometry. */
  static String infoNode(SensorGeometry g, Aedat4Compression compression) {
    String p = "/mainloop/Recorder/outInfo/";
    return "<dv version=\"2.0\">"
        + "<node name=\"outInfo\" path=\""
        + p
        + "\"><node name=\"0\" path=\""
        + p
        + "0/\">"
        + "<attr key=\"compression\" type=\"string\">"
        + compression.name()
        + "</attr>"
        + "<attr key=\"originalOutputName\" type=\"string\">events</attr>"
        + "<attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>"
        + "<node name=\"info\" path=\""
        + p
        + "0/info/\">"
        + "<attr key=\"sizeX\" type=\"int\">"
        + g.width()
        + "</attr><attr key=\"sizeY\" type=\"int\">"
        + g.height()
        + "</attr><attr key=\"source\" type=\"string\">spikestream</attr>"
        + "</node></node></node></dv>";
  }

  /**
   * The IOHeader flatbuffer: root offset, identifier IOHE, a vtable of three fields, the table
   * (compression int32, dataTablePosition int64 = -1, offset to the infoNode string), the string.
   */
  static byte[] ioHeader(Aedat4Compression compression, String infoNode) {
    byte[] xml = infoNode.getBytes(StandardCharsets.UTF_8);
    int stringAt = 44;
    int size = stringAt + 4 + xml.length + 1;
    size = (size + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(24); // root table at 24
    b.put("IOHE".getBytes(StandardCharsets.US_ASCII));
    // vtable at 8: 10 bytes, table of 20 bytes, fields at +4, +8, +16
    b.putShort((short) 10).putShort((short) 20);
    b.putShort((short) 4).putShort((short) 8).putShort((short) 16);
    b.position(24);
    b.putInt(24 - 8); // table -> vtable
    b.putInt(compression.code());
    b.putLong(-1); // no data table (8-aligned at 32)
    b.putInt(stringAt - 40); // string offset, from its own position
    b.putInt(xml.length).put(xml).put((byte) 0);
    return b.array();
  }

  @Override
  public EventFileFormat format() {
    return EventFileFormat.AEDAT4;
  }

  @Override
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    for (int i = 0; i < n; i++) {
      if (!geometry.contains(batch.xs()[i], batch.ys()[i])) {
        throw new IllegalArgumentException(
            "event "
                + i
                + ": (x, y) = ("
                + batch.xs()[i]
                + ", "
                + batch.ys()[i]
                + ") outside "
                + geometry);
      }
    }
    for (int from = 0; from < n; from += PACKET_EVENTS) {
      writePacket(batch, from, Math.min(PACKET_EVENTS, n - from));
    }
  }

  private void writePacket(EventBatch batch, int from, int count) throws IOException {
    int size = 4 + 32 + 16 * count;
    if (packet.capacity() < size) {
      packet = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer b = packet.clear();
    b.putInt(size - 4); // size prefix
    b.putInt(16); // root table at 16
    b.put("EVTS".getBytes(StandardCharsets.US_ASCII));
    b.putShort((short) 6).putShort((short) 8).putShort((short) 4); // vtable at 8
    b.putShort((short) 0);
    b.putInt(8); // table at 16 -> vtable at 8
    b.putInt(8); // field 0 at 20 -> vector at 28
    b.putInt(0);
    b.putInt(count); // vector at 28 (flatbuffer offsets), structs 8-aligned from 32
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    for (int i = from; i < from + count; i++) {
      b.putLong(ts[i]).putShort((short) xs[i]).putShort((short) ys[i]);
      b.putInt(ps[i] ? 1 : 0); // bool and 3 bytes of padding
    }
    byte[] body;
    int bodyLength;
    switch (compression) {
      case NONE -> {
        body = b.array();
        bodyLength = size;
      }
      case LZ4, LZ4_HIGH -> {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(size / 2 + 64);
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bos)) {
          lz4.write(b.array(), 0, size);
        }
        body = bos.toByteArray();
        bodyLength = body.length;
      }
      case ZSTD, ZSTD_HIGH -> {
        byte[] raw = java.util.Arrays.copyOf(b.array(), size);
        body = Zstd.compress(raw, ZSTD_LEVEL);
        bodyLength = body.length;
      }
      default -> throw new IllegalStateException("unhandled compression " + compression);
    }
    head.clear();
    head.putInt(0).putInt(bodyLength);
    out.write(head.array(), 0, 8);
    out.write(body, 0, bodyLength);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
