package io.spikestream.snn.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Indexed read/write view of the native buffer of a C-ordered ND4J array, so that the plain-Java
 * kernels ({@link LifBnttScan}, {@link AvgPoolKernel}) are written once for float32 (training and
 * benchmarks) and float64 (gradient checks) without copying. A view holds its array: ND4J frees
 * native memory when the array object is collected, and the NIO buffer alone does not prevent it.
 * Only two final implementations exist, so the JIT inlines the calls.
 */
sealed interface Vec permits Vec.F32, Vec.F64 {

  double get(int i);

  void set(int i, double value);

  /** Number of elements. */
  int length();

  /**
   * Copies {@code len} elements from {@code offset} into {@code dst[0..len)}; {@code scratch} (at
   * least len long) is a per-thread buffer for the float32 view's bulk copy.
   */
  void read(int offset, double[] dst, int dstOffset, int len, float[] scratch);

  /**
   * Copies {@code src[srcOffset..srcOffset+len)} to {@code offset..offset+len)}; {@code scratch} as
   * in {@link #read}.
   */
  void write(int offset, double[] src, int srcOffset, int len, float[] scratch);

  /** Copies {@code src[srcOffset..srcOffset+len)} to {@code offset..offset+len)}. */
  void write(int offset, float[] src, int srcOffset, int len);

  /**
   * A view of {@code array}, which must be C-ordered, not a view with offset or strides (a fresh or
   * {@code dup('c')} array), of type FLOAT or DOUBLE.
   */
  static Vec of(INDArray array) {
    // the Java kernels index the whole buffer from 0: a fresh array or a reshape of one
    if (array.ordering() != 'c'
        || array.offset() != 0
        || !denseCOrder(array.shape(), array.stride())
        || array.data().length() < array.length()) {
      throw new IllegalArgumentException(
          "Vec needs a dense C-ordered array from offset 0, got " + array.shapeInfoToString());
    }
    DataType type = array.dataType();
    long n = array.length();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("array too large for a Vec: " + n + " elements");
    }
    return switch (type) {
      case FLOAT -> new F32(array, array.data().asNioFloat(), (int) n);
      case DOUBLE -> new F64(array, array.data().asNioDouble(), (int) n);
      default -> throw new IllegalArgumentException("Vec supports FLOAT and DOUBLE, got " + type);
    };
  }

  /**
   * Whether C-order strides cover the shape without gaps (strides of size-1 axes do not matter).
   */
  private static boolean denseCOrder(long[] shape, long[] stride) {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] > 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** float32 view. */
  final class F32 implements Vec {
    /** Keeps the array, and so its native memory, alive as long as this view. */
    @SuppressWarnings("unused")
    private final INDArray owner;

    private final FloatBuffer buffer;
    private final int length;

    F32(INDArray owner, FloatBuffer buffer, int length) {
      this.owner = owner;
      this.buffer = buffer;
      this.length = length;
    }

    @Override
    public double get(int i) {
      return buffer.get(i);
    }

    @Override
    public void set(int i, double value) {
      buffer.put(i, (float) value);
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public void read(int offset, double[] dst, int dstOffset, int len, float[] scratch) {
      buffer.get(offset, scratch, 0, len);
      for (int i = 0; i < len; i++) {
        dst[dstOffset + i] = scratch[i];
      }
    }

    @Override
    public void write(int offset, double[] src, int srcOffset, int len, float[] scratch) {
      for (int i = 0; i < len; i++) {
        scratch[i] = (float) src[srcOffset + i];
      }
      buffer.put(offset, scratch, 0, len);
    }

    @Override
    public void write(int offset, float[] src, int srcOffset, int len) {
      buffer.put(offset, src, srcOffset, len);
    }
  }

  /** float64 view. */
  final class F64 implements Vec {
    /** Keeps the array, and so its native memory, alive as long as this view. */
    @SuppressWarnings("unused")
    private final INDArray owner;

    private final DoubleBuffer buffer;
    private final int length;

    F64(INDArray owner, DoubleBuffer buffer, int length) {
      this.owner = owner;
      this.buffer = buffer;
      this.length = length;
    }

    @Override
    public double get(int i) {
      return buffer.get(i);
    }

    @Override
    public void set(int i, double value) {
      buffer.put(i, value);
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public void read(int offset, double[] dst, int dstOffset, int len, float[] scratch) {
      buffer.get(offset, dst, dstOffset, len);
    }

    @Override
    public void write(int offset, double[] src, int srcOffset, int len, float[] scratch) {
      buffer.put(offset, src, srcOffset, len);
    }

    @Override
    public void write(int offset, float[] src, int srcOffset, int len) {
      for (int i = 0; i < len; i++) {
        buffer.put(offset + i, src[srcOffset + i]);
      }
    }
  }
}
