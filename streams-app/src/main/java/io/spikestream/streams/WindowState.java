package io.spikestream.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The durable state of one sensor's open window (DESIGN section 10): where the window lies, how
 * many steps ran, whether it exited, and its binned frames {@code [T][2][H'][W']} (DESIGN section
 * 6). Membranes are not part of it: they are rebuilt by replaying the first {@link #stepsRun}
 * frames. Serialised sparsely (non-zero pixels only) for the changelog. Mutable, owned by one
 * processor.
 */
final class WindowState {
  private static final byte FORMAT = 1;

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

  /** The store key of bin {@code bin} of a sensor's window (the window itself is at the id). */
  static String binKey(String sensorId, int bin) {
    return sensorId + BIN_SEPARATOR + bin;
  }

  /** Separates sensor id and bin in {@link #binKey}; sensor ids never contain it. */
  static final char BIN_SEPARATOR = '\u0000';

  /**
   * Bin {@code bin}'s frame, sparse: count, then (pixel, value) pairs. Closed bins never change, so
   * each packet writes only the bins it touched (DESIGN section 10: small, changelogged state).
   */
  byte[] binBytes(int bin, int frameSize) {
    int base = bin * frameSize;
    int nonZero = 0;
    for (int i = 0; i < frameSize; i++) {
      if (frames[base + i] != 0) {
        nonZero++;
      }
    }
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(4 + 8 * nonZero);
    out.putInt(nonZero);
    for (int i = 0; i < frameSize; i++) {
      float v = frames[base + i];
      if (v != 0) {
        out.putInt(i).putFloat(v);
      }
    }
    return out.array();
  }

  /** Reads a {@link #binBytes} entry into bin {@code bin} of {@link #frames}. */
  void readBin(int bin, int frameSize, byte[] data) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
    int nonZero = in.getInt();
    for (int k = 0; k < nonZero; k++) {
      int i = in.getInt();
      frames[bin * frameSize + i] = in.getFloat();
    }
  }

  /** The window without its frames' content (they are stored per bin, {@link #binBytes}). */
  byte[] metaBytes() {
    float[] kept = frames;
    frames = kept == null ? null : EMPTY_MARKER;
    try {
      byte[] bytes = toBytes();
      if (kept != null) {
        // replace the marker's length by the real one: header ends with length, nonZero = 0
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).putInt(kept.length);
      }
      return bytes;
    } finally {
      frames = kept;
    }
  }

  private static final float[] EMPTY_MARKER = new float[0];

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
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
      if (frames == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(frames.length);
        int nonZero = 0;
        for (float v : frames) {
          if (v != 0) {
            nonZero++;
          }
        }
        out.writeInt(nonZero);
        for (int i = 0; i < frames.length; i++) {
          if (frames[i] != 0) {
            out.writeInt(i);
            out.writeFloat(frames[i]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static WindowState fromBytes(byte[] data) {
    WindowState s = new WindowState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("window state format " + format + ", expected " + FORMAT);
      }
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
        int nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
          int i = in.readInt();
          s.frames[i] = in.readFloat();
        }
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
