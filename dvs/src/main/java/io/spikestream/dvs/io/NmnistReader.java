package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams an N-MNIST recording, {@code .bin} (with overflow markers) or SLAYER {@code .bs2}
 * (without); see {@link Nmnist} for the layout. Geometry 34x34; events outside it are counted and
 * dropped. A file whose size is not a multiple of 5 is an error at open, naming the offset of the
 * trailing partial bytes.
 */
public final class NmnistReader extends ChunkedRecordReader {

  private final boolean markers;
  private long timeOffset;

  private NmnistReader(Path path, EventFileFormat format) throws IOException {
    super(path, 0, format, SensorGeometry.NMNIST, Nmnist.RECORD_BYTES);
    this.markers = format == EventFileFormat.NMNIST_BIN;
  }

  /**
   * Opens {@code path} as {@code format} ({@link EventFileFormat#NMNIST_BIN} or {@link
   * EventFileFormat#NMNIST_BS2}).
   */
  public static NmnistReader open(Path path, EventFileFormat format) throws IOException {
    if (format != EventFileFormat.NMNIST_BIN && format != EventFileFormat.NMNIST_BS2) {
      throw new IllegalArgumentException("format must be NMNIST_BIN or NMNIST_BS2, got " + format);
    }
    long size = Files.size(path);
    long remainder = size % Nmnist.RECORD_BYTES;
    if (remainder != 0) {
      throw new EventFormatException(
          path
              + ": "
              + format
              + " file of "
              + size
              + " bytes is not a whole number of 5-byte events; "
              + remainder
              + " trailing byte(s) are truncated or corrupt",
          size - remainder);
    }
    return new NmnistReader(path, format);
  }

  @Override
  protected void decode(byte[] block, int offset, int records, EventBatch out) {
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    int width = geometry().width();
    int height = geometry().height();
    long base = timeOffset;
    int end = offset + records * Nmnist.RECORD_BYTES;
    for (int p = offset; p < end; p += Nmnist.RECORD_BYTES) {
      int x = block[p] & 0xFF;
      int y = block[p + 1] & 0xFF;
      int b2 = block[p + 2] & 0xFF;
      if (markers && y == Nmnist.OVERFLOW_Y) {
        base += Nmnist.OVERFLOW_MICROS;
        overflowMarkers++;
        continue;
      }
      if (x >= width || y >= height) {
        droppedOutOfRange++;
        continue;
      }
      long t = ((long) (b2 & 0x7F) << 16) | ((block[p + 3] & 0xFF) << 8) | (block[p + 4] & 0xFF);
      xs[n] = x;
      ys[n] = y;
      ps[n] = (b2 & 0x80) != 0;
      ts[n] = t + base;
      n++;
    }
    timeOffset = base;
    out.setSize(n);
  }
}
