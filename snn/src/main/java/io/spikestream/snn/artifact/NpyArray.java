package io.spikestream.snn.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy {@code .npy} array (format versions 1.0 and 2.0, C order, little-endian float32 {@code
 * <f4} or float64 {@code <f8}), values held as doubles. Writing produces version 1.0 float32 with
 * the header padded so that the data starts at a multiple of 64 bytes, as numpy itself does.
 *
 * <p>Format: magic {@code \x93NUMPY}, major and minor version bytes, header length (uint16 LE in
 * v1, uint32 LE in v2), then an ASCII Python dict literal ending in {@code \n}.
 *
 * @param shape the dimensions (empty for a scalar)
 * @param dtype the stored element type
 * @param values the elements, flat in C order
 */
public record NpyArray(int[] shape, Dtype dtype, double[] values) {

  /** Element types this reader and writer understand. */
  public enum Dtype {
    /** Little-endian float32, {@code <f4}. */
    FLOAT32("<f4", 4),
    /** Little-endian float64, {@code <f8}. */
    FLOAT64("<f8", 8);

    private final String descr;
    private final int bytes;

    Dtype(String descr, int bytes) {
      this.descr = descr;
      this.bytes = bytes;
    }

    /** The numpy {@code descr} string. */
    public String descr() {
      return descr;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  public NpyArray {
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "shape has a negative dimension: " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
    }
  }

  /** A float32 array. */
  public static NpyArray ofFloats(int[] shape, float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return new NpyArray(shape, Dtype.FLOAT32, d);
  }

  /** The values as float32 (exact for {@link Dtype#FLOAT32}, rounded for FLOAT64). */
  public float[] floats() {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Reads one array.
   *
   * @param what names the source in error messages (e.g. the file name)
   * @throws IOException naming {@code what} when the stream is not a supported npy array
   */
  public static NpyArray read(InputStream in, String what) throws IOException {
    byte[] start = in.readNBytes(8);
    if (start.length < 8 || !Arrays.equals(Arrays.copyOf(start, 6), MAGIC)) {
      throw new IOException(what + ": not an .npy file (bad magic)");
    }
    int major = start[6] & 0xFF;
    int headerLength;
    if (major == 1) {
      byte[] len = in.readNBytes(2);
      if (len.length < 2) {
        throw new IOException(what + ": truncated .npy header");
      }
      headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
    } else if (major == 2 || major == 3) {
      byte[] len = in.readNBytes(4);
      if (len.length < 4) {
        throw new IOException(what + ": truncated .npy header");
      }
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      throw new IOException(what + ": unsupported .npy version " + major + "." + (start[7] & 0xFF));
    }
    byte[] headerBytes = in.readNBytes(headerLength);
    if (headerBytes.length < headerLength) {
      throw new IOException(what + ": truncated .npy header");
    }
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
      throw new IOException(what + ": malformed .npy header " + header.trim());
    }
    Dtype dtype;
    if (descr.group(1).equals(Dtype.FLOAT32.descr)) {
      dtype = Dtype.FLOAT32;
    } else if (descr.group(1).equals(Dtype.FLOAT64.descr)) {
      dtype = Dtype.FLOAT64;
    } else {
      throw new IOException(
          what + ": dtype '" + descr.group(1) + "' is not supported (expected '<f4' or '<f8')");
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException(what + ": Fortran-order arrays are not supported (expected C order)");
    }
    List<Integer> dims = new ArrayList<>();
    for (String part : shapeMatch.group(1).split(",")) {
      String p = part.trim();
      if (!p.isEmpty()) {
        try {
          dims.add(Integer.parseInt(p));
        } catch (NumberFormatException e) {
          throw new IOException(what + ": bad dimension '" + p + "' in .npy shape", e);
        }
      }
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n * dtype.bytes > Integer.MAX_VALUE) {
      throw new IOException(what + ": array of " + n + " elements is too large");
    }
    byte[] data = in.readNBytes((int) (n * dtype.bytes));
    if (data.length != n * dtype.bytes) {
      throw new IOException(
          what
              + ": truncated .npy data, expected "
              + n * dtype.bytes
              + " bytes, found "
              + data.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = dtype == Dtype.FLOAT32 ? buf.getFloat() : buf.getDouble();
    }
    return new NpyArray(shape, dtype, values);
  }

  /**
   * The version 1.0 header for this array: {@code {'descr': '<f4', 'fortran_order': False, 'shape':
   * (...), }}, padded with spaces and a final {@code \n} so that magic, version, length and header
   * together take a multiple of 64 bytes.
   */
  public byte[] header() {
    StringBuilder shapeText = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        shapeText.append(", ");
      }
      shapeText.append(shape[i]);
    }
    if (shape.length == 1) {
      shapeText.append(',');
    }
    shapeText.append(')');
    String dict =
        "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padded = (unpadded + 63) / 64 * 64;
    String text = dict + " ".repeat(padded - unpadded) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(padded);
    out.writeBytes(MAGIC);
    out.write(1);
    out.write(0);
    out.write(text.length() & 0xFF);
    out.write(text.length() >>> 8);
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Writes this array as npy version 1.0 in its dtype. */
  public void write(OutputStream out) throws IOException {
    out.write(header());
    ByteBuffer buf =
        ByteBuffer.allocate(values.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      if (dtype == Dtype.FLOAT32) {
        buf.putFloat((float) v);
      } else {
        buf.putDouble(v);
      }
    }
    out.write(buf.array());
  }
}
