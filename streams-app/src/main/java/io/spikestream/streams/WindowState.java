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
