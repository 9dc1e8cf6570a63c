package io.spikestream.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The durable state of one sensor's open window (DESIGN section 10): where the window lies, how
 * many steps ran, whether it exited, and its binned frames {@code [T][2][H'][W']} (DESIGN section
 * 6). Membranes are not part of it: they are rebuilt by replaying the first {@link #stepsRun}
 * frames. The window ({@link #metaBytes}) and each bin's frame ({@link #binBytes}) are separate
 * store entries, so a packet rewrites only the bins it touched and closed bins never change.
 * Mutable, owned by one processor.
 *
 * <p>Formats. Window: version byte, then the fields below in {@link DataOutputStream} order.
 * Version 2 (written now) ends with the frames' length ({@code -1} once exited); version 1 (read
 * for upgrades) also carried an always-empty sparse frame list there. Bins of a version-2 window
 * start with a {@link BinEncoding} tag; bins of a version-1 window are the legacy {@code int count,
 * (int pixel, float value)*} list.
 */
final class WindowState {
  /** Version of {@link #metaBytes()} written now. */
  static final byte FORMAT = 2;

  private static final byte LEGACY_FORMAT = 1;

  long modelVersion;
  String sampleId;
  int label = -1;
  String labelName;
  boolean fixedDt;
  long windowStartMicros;

  /** N_BINS: the sample duration d; FIXED_DT: T * dtMicros. */
  long durationMicros;

  int stepsRun;
  boolean exited;
  long lastWallMillis;

  /** Flat frames of the window, {@code T * frameSize}; null once exited (nothing left to bin). */
  float[] frames;

  /** Format of the window as read; decides how its bins are read ({@link #readBin}). */
  private byte format = FORMAT;

  /** Values per bin ({@code 2 * H' * W'}); set by {@link #track}, needed by {@link #add}. */
  private int frameSize;

  /**
   * Per bin, a bit set of the pixels that became non-zero through {@link #add} (bit {@code i % 64}
   * of word {@code i / 64} for pixel {@code i}; a bin's array is made on its first event), so that
   * {@link #binBytes(int)} visits only those, in pixel order; null when the window is not tracked
   * (read from the store with a value that is not a count: its bins use the scanning {@link
   * #binBytes(int, int)}).
   */
  private long[][] touched;

  /** Per bin, the number of set bits in {@link #touched}: its non-zero pixels. */
  private int[] touchedCount;

  /** Per bin, the largest count {@link #add} wrote. */
  private int[] maxCount;

  /** Words of a bit set of {@code bits} bits. */
  private static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  /** The store key of bin {@code bin} of a sensor's window (the window itself is at the id). */
  static String binKey(String sensorId, int bin) {
    return sensorId + BIN_SEPARATOR + bin;
  }

  /** Separates sensor id and bin in {@link #binKey}; sensor ids never contain it. */
  static final char BIN_SEPARATOR = '\u0000';

  /**
   * How one bin's frame is written. Frames hold event counts (COUNT) or ones (BINARY), so values
   * are small non-negative integers and LEB128 varints carry them in one byte each; the encoder
   * takes the smaller of a dense and a sparse form, and keeps raw floats only for a frame that
   * holds a non-integer value.
   */
  enum BinEncoding {
    /** Tag 1: one varint count per pixel, all {@code frameSize} of them. */
    DENSE_COUNTS,
    /** Tag 2: varint number of non-zero pixels, then (varint gap since the last, varint count). */
    SPARSE_COUNTS,
    /** Tag 3: varint number of non-zero pixels, then (varint gap, big-endian float32 value). */
    SPARSE_FLOATS;

    byte tag() {
      return (byte) (ordinal() + 1);
    }

    static BinEncoding ofTag(byte tag) {
      int i = tag - 1;
      if (i < 0 || i >= values().length) {
        throw new IllegalStateException("bin encoding tag " + tag + " is not one of 1..3");
      }
      return values()[i];
    }
  }

  /**
   * Starts tracking the non-zero pixels of every bin, so that {@link #binBytes(int)} need not scan
   * whole frames; values then change only through {@link #add}. A fresh window (all frames zero)
   * costs nothing here; a window read from the store is scanned once, and stays untracked (its bins
   * encoded by scanning) if a value is not a count.
   *
   * @param frameSize values per bin, {@code frames.length / T}
   * @param fresh whether every frame is still zero
   */
  void track(int frameSize, boolean fresh) {
    if (frames == null || frameSize <= 0 || frames.length % frameSize != 0) {
      throw new IllegalStateException(
          "frameSize " + frameSize + " does not divide the window's frames");
    }
    int bins = frames.length / frameSize;
    this.frameSize = frameSize;
    long[][] bits = new long[bins][];
    int[] count = new int[bins];
    int[] max = new int[bins];
    if (!fresh) {
      for (int b = 0; b < bins; b++) {
        for (int i = 0; i < frameSize; i++) {
          float v = frames[b * frameSize + i];
          if (v == 0) {
            continue;
          }
          if (!(v > 0 && v == (int) v)) {
            return; // not a count: untracked
          }
          if (bits[b] == null) {
            bits[b] = new long[words(frameSize)];
          }
          bits[b][i >>> 6] |= 1L << i; // shifts of a long use the low 6 bits: i % 64
          count[b]++;
          max[b] = Math.max(max[b], (int) v);
        }
      }
    }
    this.touched = bits;
    this.touchedCount = count;
    this.maxCount = max;
  }

  /**
   * Bins one event (DESIGN section 6): pixel {@code pixel} of bin {@code bin} counts it ({@code
   * COUNT}) or becomes 1 ({@code BINARY}). Frames are C order {@code [T][2][H'][W']}, so the value
   * lies at {@code bin * frameSize + pixel}.
   */
  void add(int bin, int pixel, boolean count) {
    int i = bin * frameSize + pixel;
    float old = frames[i];
    float v = count ? old + 1f : 1f;
    frames[i] = v;
    if (touched == null) {
      return;
    }
    if (old == 0f) {
      long[] bits = touched[bin];
      if (bits == null) {
        bits = touched[bin] = new long[words(frameSize)];
      }
      bits[pixel >>> 6] |= 1L << pixel; // shifts of a long use the low 6 bits: pixel % 64
      touchedCount[bin]++;
    }
    maxCount[bin] = Math.max(maxCount[bin], (int) v);
  }

  /**
   * Bin {@code bin}'s entry, byte for byte what {@link #binBytes(int, int)} gives, but built from
   * the pixels {@link #add} touched (their bit set, in pixel order) instead of a scan of the whole
   * frame, when the window is {@link #track tracked}: the open bin is encoded after every packet,
   * and a sparse DVS bin (N-MNIST: ~200 of 2,312 pixels) costs 37 words and its set bits, not two
   * passes over the frame.
   */
  byte[] binBytes(int bin) {
    if (touched == null) {
      return binBytes(bin, frameSize);
    }
    int n = touchedCount[bin];
    int base = bin * frameSize;
    // values written by add() are counts (non-negative integers): the rules of binBytes(int, int)
    if (maxCount[bin] < 128 && 2L * n >= frameSize) {
      byte[] out = new byte[1 + frameSize];
      out[0] = BinEncoding.DENSE_COUNTS.tag();
      for (int i = 0; i < frameSize; i++) {
        out[1 + i] = (byte) frames[base + i];
      }
      return out;
    }
    byte[] sparse = new byte[1 + 5 + 10 * n];
    sparse[0] = BinEncoding.SPARSE_COUNTS.tag();
    int pos = putVarint(sparse, 1, n);
    int last = -1;
    long[] bits = touched[bin];
    for (int w = 0; bits != null && w < bits.length; w++) {
      for (long word = bits[w]; word != 0; word &= word - 1) { // lowest set bit first
        int i = (w << 6) + Long.numberOfTrailingZeros(word);
        pos = putVarint(sparse, pos, i - last - 1);
        pos = putVarint(sparse, pos, (int) frames[base + i]);
        last = i;
      }
    }
    if (pos <= frameSize + 1) {
      return Arrays.copyOf(sparse, pos);
    }
    return binBytes(bin, frameSize); // many large counts: dense varints may be smaller
  }

  /**
   * Bin {@code bin}'s frame as a fresh array (the store keeps it), in the smaller {@link
   * BinEncoding} (floats only when a value is not a count): a dense 48x48 DVS frame costs about one
   * byte per pixel instead of eight per non-zero pixel. Called for the open bin on every packet, so
   * the common dense case is one scan and one byte copy.
   */
  byte[] binBytes(int bin, int frameSize) {
    int base = bin * frameSize;
    // one branch-free pass decides the encoding: how many pixels are set, the largest value,
    // whether every value is a count (a non-negative integer)
    int nonZero = 0;
    float max = 0;
    boolean counts = true;
    for (int i = 0; i < frameSize; i++) {
      float v = frames[base + i];
      nonZero += v != 0 ? 1 : 0;
      max = Math.max(max, v);
      counts &= v >= 0 && v == (int) v;
    }
    if (!counts) {
      return sparseFloats(base, frameSize, nonZero);
    }
    if (max < 128 && 2L * nonZero >= frameSize) {
      // every count fits one varint byte: DENSE_COUNTS is 1 + frameSize bytes, SPARSE_COUNTS at
      // least 2 bytes per non-zero pixel
      byte[] out = new byte[1 + frameSize];
      out[0] = BinEncoding.DENSE_COUNTS.tag();
      for (int i = 0; i < frameSize; i++) {
        out[1 + i] = (byte) frames[base + i];
      }
      return out;
    }
    // varints of at most 5 bytes: sparse needs <= 5 + 10 per non-zero pixel, dense <= 5 per pixel
    byte[] sparse = new byte[1 + 5 + 10 * nonZero];
    sparse[0] = BinEncoding.SPARSE_COUNTS.tag();
    int pos = putVarint(sparse, 1, nonZero);
    int last = -1;
    for (int i = 0; i < frameSize; i++) {
      float v = frames[base + i];
      if (v != 0) {
        pos = putVarint(sparse, pos, i - last - 1);
        pos = putVarint(sparse, pos, (int) v);
        last = i;
      }
    }
    if (pos <= frameSize + 1) {
      return Arrays.copyOf(sparse, pos); // dense takes at least 1 + frameSize bytes
    }
    byte[] dense = new byte[1 + 5 * frameSize];
    dense[0] = BinEncoding.DENSE_COUNTS.tag();
    int densePos = 1;
    for (int i = 0; i < frameSize; i++) {
      densePos = putVarint(dense, densePos, (int) frames[base + i]);
    }
    return densePos <= pos ? Arrays.copyOf(dense, densePos) : Arrays.copyOf(sparse, pos);
  }

  private byte[] sparseFloats(int base, int frameSize, int nonZero) {
    byte[] out = new byte[1 + 5 + 9 * nonZero];
    out[0] = BinEncoding.SPARSE_FLOATS.tag();
    int pos = putVarint(out, 1, nonZero);
    ByteBuffer view = ByteBuffer.wrap(out);
    int last = -1;
    for (int i = 0; i < frameSize; i++) {
      float v = frames[base + i];
      if (v != 0) {
        pos = putVarint(out, pos, i - last - 1);
        view.putFloat(pos, v);
        pos += 4;
        last = i;
      }
    }
    return Arrays.copyOf(out, pos);
  }

  /** Reads a {@link #binBytes} entry into bin {@code bin} of {@link #frames}. */
  void readBin(int bin, int frameSize, byte[] data) {
    int base = bin * frameSize;
    if (format == LEGACY_FORMAT) {
      ByteBuffer in = ByteBuffer.wrap(data);
      int nonZero = in.getInt();
      for (int k = 0; k < nonZero; k++) {
        int i = in.getInt();
        frames[base + checkPixel(i, frameSize)] = in.getFloat();
      }
      return;
    }
    if (data.length == 0) {
      throw new IllegalStateException("empty bin entry");
    }
    long[] cursor = {1};
    switch (BinEncoding.ofTag(data[0])) {
      case DENSE_COUNTS -> {
        for (int i = 0; i < frameSize; i++) {
          frames[base + i] = readVarint(data, cursor);
        }
      }
      case SPARSE_COUNTS -> {
        int nonZero = readVarint(data, cursor);
        int i = -1;
        for (int k = 0; k < nonZero; k++) {
          i = checkPixel(i + 1 + readVarint(data, cursor), frameSize);
          frames[base + i] = readVarint(data, cursor);
        }
      }
      case SPARSE_FLOATS -> {
        int nonZero = readVarint(data, cursor);
        int i = -1;
        ByteBuffer view = ByteBuffer.wrap(data);
        for (int k = 0; k < nonZero; k++) {
          i = checkPixel(i + 1 + readVarint(data, cursor), frameSize);
          int pos = (int) cursor[0];
          if (pos + 4 > data.length) {
            throw new IllegalStateException("bin entry truncated at byte " + pos);
          }
          frames[base + i] = view.getFloat(pos);
          cursor[0] = pos + 4;
        }
      }
    }
    if (cursor[0] != data.length) {
      throw new IllegalStateException(
          "bin entry has " + (data.length - cursor[0]) + " trailing bytes");
    }
  }

  private static int checkPixel(int i, int frameSize) {
    if (i < 0 || i >= frameSize) {
      throw new IllegalStateException("bin entry pixel " + i + " outside 0.." + (frameSize - 1));
    }
    return i;
  }

  private static int putVarint(byte[] out, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  /** Reads an unsigned LEB128 int at {@code cursor[0]} and moves the cursor past it. */
  private static int readVarint(byte[] data, long[] cursor) {
    int pos = (int) cursor[0];
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= data.length) {
        throw new IllegalStateException("bin entry truncated at byte " + pos);
      }
      byte b = data[pos++];
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        cursor[0] = pos;
        if (v < 0) {
          throw new IllegalStateException("bin entry varint out of range before byte " + pos);
        }
        return v;
      }
    }
    throw new IllegalStateException("bin entry varint longer than 5 bytes before byte " + pos);
  }

  /** The window without its frames' content (they are stored per bin, {@link #binBytes}). */
  byte[] metaBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(modelVersion);
      writeNullable(out, sampleId);
      out.writeInt(label);
      writeNullable(out, labelName);
      out.writeBoolean(fixedDt);
      out.writeLong(windowStartMicros);
      out.writeLong(durationMicros);
      out.writeInt(stepsRun);
      out.writeBoolean(exited);
      out.writeLong(lastWallMillis);
      out.writeInt(frames == null ? -1 : frames.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a {@link #metaBytes} entry (version 2, or version 1 written before the upgrade). */
  static WindowState fromBytes(byte[] data) {
    WindowState s = new WindowState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte format = in.readByte();
      if (format != FORMAT && format != LEGACY_FORMAT) {
        throw new IllegalStateException(
            "window state format " + format + ", expected " + LEGACY_FORMAT + " or " + FORMAT);
      }
      s.format = format;
      s.modelVersion = in.readLong();
      s.sampleId = readNullable(in);
      s.label = in.readInt();
      s.labelName = readNullable(in);
      s.fixedDt = in.readBoolean();
      s.windowStartMicros = in.readLong();
      s.durationMicros = in.readLong();
      s.stepsRun = in.readInt();
      s.exited = in.readBoolean();
      s.lastWallMillis = in.readLong();
      int length = in.readInt();
      if (length >= 0) {
        s.frames = new float[length];
        if (format == LEGACY_FORMAT) {
          int nonZero = in.readInt();
          for (int k = 0; k < nonZero; k++) {
            int i = in.readInt();
            s.frames[checkPixel(i, length)] = in.readFloat();
          }
        }
      }
      if (in.available() > 0) {
        throw new IllegalStateException(
            "window state has " + in.available() + " trailing bytes (format " + format + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
