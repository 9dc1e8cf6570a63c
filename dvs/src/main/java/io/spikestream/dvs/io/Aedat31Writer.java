package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat31StreamDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes AEDAT 3.1 files as libcaer does for polarity events (layout in {@link
 * Aedat31StreamDecoder}): a header with the source's name, then one polarity packet per batch (one
 * per timestamp-overflow epoch of 2^31 µs), eventCapacity = eventNumber = eventValid.
 *
 * <p>Timestamps must be >= 0; coordinates within the geometry, which must be one AEDAT 3.1 sources
 * name: 128x128 DVS128, 240x180 DAVIS240, 346x260 DAVIS346, 640x480 DVXplorer.
 */
public final class Aedat31Writer implements EventWriter {

  private final OutputStream out;
  private final SensorGeometry geometry;
  private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

  private Aedat31Writer(OutputStream out, SensorGeometry geometry, String source)
      throws IOException {
    this.out = out;
    this.geometry = geometry;
    String header =
        "#!AER-DAT3.1\r\n"
            + "#Format: RAW\r\n"
            + "#Source 1: "
            + source
            + "\r\n"
            + "#Start-Time: written by spikestream\r\n"
            + "#!END-HEADER\r\n";
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }

  /** Creates (or replaces) {@code path}; {@code geometry} null means DVS128. */
  public static Aedat31Writer create(Path path, SensorGeometry geometry) throws IOException {
    SensorGeometry g = geometry == null ? SensorGeometry.DVS128 : geometry;
    String source =
        switch (g.width() + "x" + g.height()) {
          case "128x128" -> "DVS128";
          case "240x180" -> "DAVIS240C";
          case "346x260" -> "DAVIS346";
          case "640x480" -> "DVXplorer";
          default ->
              throw new IllegalArgumentException(
                  "geometry must be 128x128, 240x180, 346x260 or 640x480 for AEDAT 3.1, got " + g);
        };
    return new Aedat31Writer(
        new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), g, source);
  }

  @Override
  public EventFileFormat format() {
    return EventFileFormat.AEDAT31;
  }

  @Override
  public void write(EventBatch batch) throws IOException {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    for (int i = 0; i < n; i++) {
      if (!geometry.contains(xs[i], ys[i])) {
        throw new IllegalArgumentException(
            "event " + i + ": (x, y) = (" + xs[i] + ", " + ys[i] + ") outside " + geometry);
      }
      if (ts[i] < 0) {
        throw new IllegalArgumentException(
            "event " + i + ": timestampMicros must be >= 0, got " + ts[i]);
      }
    }
    int i = 0;
    while (i < n) {
      long overflow = ts[i] >>> 31;
      int j = i + 1;
      while (j < n && ts[j] >>> 31 == overflow) {
        j++;
      }
      int count = j - i;
      int bytes = Aedat31StreamDecoder.HEADER_BYTES + 8 * count;
      if (buf.capacity() < bytes) {
        buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      }
      buf.clear();
      buf.putShort((short) Aedat31StreamDecoder.POLARITY_EVENT).putShort((short) 1);
      buf.putInt(8).putInt(4).putInt((int) overflow);
      buf.putInt(count).putInt(count).putInt(count);
      for (int k = i; k < j; k++) {
        buf.putInt(xs[k] << 17 | ys[k] << 2 | (ps[k] ? 2 : 0) | 1);
        buf.putInt((int) (ts[k] & 0x7FFF_FFFFL));
      }
      out.write(buf.array(), 0, buf.position());
      i = j;
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
