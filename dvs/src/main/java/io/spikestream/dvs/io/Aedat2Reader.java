package io.spikestream.dvs.io;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a jAER AEDAT 2.0 DVS128 recording (the CIFAR10-DVS files); see {@link Aedat2} for the
 * layout and DESIGN section 4 for the axes.
 *
 * <p>Timestamps: the file holds unsigned 32-bit microseconds, which wrap after about 71.6 minutes.
 * They are unwrapped into a monotonic {@code long}: whenever a raw timestamp is more than 2^31 µs
 * smaller than the previous one, 2^32 is added to it and to all later ones. Smaller backward steps
 * (jAER writes a few non-monotonic events) are kept as they are.
 *
 * <p>A payload that is not a multiple of 8 bytes is an error, reported at open with the offset of
 * the trailing partial bytes: non-event filler after the header (the '$' bytes of some header-only
 * fixtures) is not silently dropped.
 */
public final class Aedat2Reader extends ChunkedRecordReader {

  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private static final long WRAP = 1L << 32;
  private static final long HALF_WRAP = 1L << 31;

  private final boolean transpose;
  private final long headerBytes;
  private long previousRaw = -1;
  private long wrapOffset;

  private Aedat2Reader(Path path, long headerBytes, AxisConvention axes) throws IOException {
    super(path, headerBytes, EventFileFormat.AEDAT2, SensorGeometry.DVS128, Aedat2.RECORD_BYTES);
    this.transpose = axes == AxisConvention.TRANSPOSED;
    this.headerBytes = headerBytes;
  }

  /** Opens {@code path} with the project's (jAER) axes. */
  public static Aedat2Reader open(Path path) throws IOException {
    return open(path, AxisConvention.JAER);
  }

  /**
   * Opens {@code path}, checking the magic line and that the payload is whole 8-byte records.
   *
   * @throws EventFormatException when the magic line is missing or the payload has trailing bytes
   */
  public static Aedat2Reader open(Path path, AxisConvention axes) throws IOException {
    long header = headerLength(path);
    long size = Files.size(path);
    long remainder = (size - header) % Aedat2.RECORD_BYTES;
    if (remainder != 0) {
      throw new EventFormatException(
          path
              + ": AEDAT 2.0 payload of "
              + (size - header)
              + " bytes after the "
              + header
              + "-byte header is not a whole number of 8-byte events; "
              + remainder
              + " trailing byte(s) are truncated or non-event filler",
          size - remainder);
    }
    return new Aedat2Reader(path, header, axes);
  }

  /** Length of the ASCII header: bytes up to the first line that does not start with '#'. */
  static long headerLength(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      byte[] magic = in.readNBytes(Aedat2.MAGIC.length);
      if (!Arrays.equals(magic, Aedat2.MAGIC)) {
        throw new EventFormatException(
            path + ": not an AEDAT 2.0 file (first line does not start with #!AER-DAT2.0)", 0);
      }
      long pos = magic.length;
      boolean lineStart = false;
      int b;
      while ((b = in.read()) >= 0) {
        if (lineStart && b != '#') {
          return pos;
        }
        pos++;
        lineStart = b == '\n';
      }
      return pos;
    }
  }

  /** Size of the ASCII header in bytes (the offset of the first event). */
  public long headerBytes() {
    return headerBytes;
  }

  @Override
  protected void decode(byte[] block, int offset, int records, EventBatch out) {
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    long previous = previousRaw;
    long wraps = wrapOffset;
    long special = 0;
    int end = offset + records * Aedat2.RECORD_BYTES;
    for (int p = offset; p < end; p += Aedat2.RECORD_BYTES) {
      int a = (int) INT_BE.get(block, p);
      long t = (int) INT_BE.get(block, p + 4) & 0xFFFF_FFFFL;
      // unwrap: a drop of more than half the 32-bit range is a wrap, not jitter
      if (previous - t > HALF_WRAP) {
        wraps += WRAP;
      }
      previous = t;
      if ((a & Aedat2.SPECIAL_BIT) != 0) {
        special++;
        continue;
      }
      // jAER DVS128: x = 127 - bits 1..7, y = bits 8..14, so always inside 128x128
      int x = 127 - ((a & 0xFE) >> 1);
      int y = (a & 0x7F00) >> 8;
      xs[n] = transpose ? y : x;
      ys[n] = transpose ? x : y;
      ps[n] = (a & 1) == 0;
      ts[n] = t + wraps;
      n++;
    }
    previousRaw = previous;
    wrapOffset = wraps;
    skippedSpecial += special;
    out.setSize(n);
  }
}
