package io.spikestream.snn.train;

/**
 * The non-zero values of a layer input {@code [N, C, H, W]} in compressed rows (one row per {@code
 * n}), and the weight gradient of a 3×3, stride-1, padding-1 convolution on it, computed from those
 * values only (DESIGN section 7: the first layer's input is a DVS frame, a few per cent non-zero).
 *
 * <p>With {@code I[n, o, y, x] = Σ_{i, ky, kx} W[ky, kx, i, o] · in[n, i, y + ky − 1, x + kx − 1]}
 * (zero outside the frame), {@code ∂L/∂W[ky, kx, i, o] = Σ_{n, y, x} in[n, i, y + ky − 1, x + kx −
 * 1] · ∂L/∂I[n, o, y, x]}: each non-zero input {@code (n, i, yy, xx)} adds its value times the
 * output gradient at {@code (yy − ky + 1, xx − kx + 1)} for the taps that land inside the frame.
 * That costs {@code 9 · nnz} multiply-adds per output channel instead of {@code 9 · N·C·H·W}.
 */
final class SparseConvInput {

  private final int channels;
  private final int height;
  private final int width;
  private final int[] rowStart;
  private final int[] channel;
  private final int[] row;
  private final int[] column;
  private final double[] value;
  private final long size;

  private SparseConvInput(
      int channels,
      int height,
      int width,
      int[] rowStart,
      int[] channel,
      int[] row,
      int[] column,
      double[] value,
      long size) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.rowStart = rowStart;
    this.channel = channel;
    this.row = row;
    this.column = column;
    this.value = value;
    this.size = size;
  }

  /** Collects the non-zero values of {@code input}, a dense {@code [rows, channels, H, W]}. */
  static SparseConvInput of(Vec input, int rows, int channels, int height, int width) {
    int plane = height * width;
    int perRow = channels * plane;
    if ((long) rows * perRow != input.length()) {
      throw new IllegalArgumentException(
          "input has "
              + input.length()
              + " values, expected "
              + rows
              + "x"
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    double[] block = new double[perRow];
    float[] scratch = new float[perRow];
    int nnz = 0;
    for (int r = 0; r < rows; r++) {
      input.read(r * perRow, block, 0, perRow, scratch);
      for (double v : block) {
        nnz += v != 0 ? 1 : 0;
      }
    }
    int[] rowStart = new int[rows + 1];
    int[] channel = new int[nnz];
    int[] y = new int[nnz];
    int[] x = new int[nnz];
    double[] value = new double[nnz];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      rowStart[r] = k;
      input.read(r * perRow, block, 0, perRow, scratch);
      for (int j = 0; j < perRow; j++) {
        if (block[j] != 0) {
          // j = (c·H + y)·W + x within the row
          channel[k] = j / plane;
          y[k] = (j % plane) / width;
          x[k] = j % width;
          value[k] = block[j];
          k++;
        }
      }
    }
    rowStart[rows] = k;
    return new SparseConvInput(
        channels, height, width, rowStart, channel, y, x, value, (long) rows * perRow);
  }

  /** Fraction of the input values that are non-zero. */
  double density() {
    return (double) value.length / size;
  }

  /**
   * The weights of output channel {@code o} from a {@code [3, 3, channels, outChannels]} weight
   * array, as {@code kernel[(ky·3 + kx)·channels + i]}.
   */
  double[] kernel(Vec weight, int outChannels, int o) {
    if (weight.length() != 9 * channels * outChannels) {
      throw new IllegalArgumentException(
          "weight has "
              + weight.length()
              + " values, expected 3x3x"
              + channels
              + "x"
              + outChannels);
    }
    double[] k = new double[9 * channels];
    for (int j = 0; j < k.length; j++) {
      k[j] = weight.get(j * outChannels + o); // [ky, kx, i, o] with j = (ky·3 + kx)·channels + i
    }
    return k;
  }

  /**
   * One output channel of the convolution for row {@code r}: {@code out[offset + y·W + x] = Σ
   * kernel[(ky·3 + kx)·channels + i] · in[r, i, y + ky − 1, x + kx − 1]} over the non-zero inputs,
   * in double.
   */
  void convolveRow(int r, double[] kernel, double[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + height * width, 0.0);
    for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
      double v = value[k];
      int i = channel[k];
      int yy = row[k];
      int xx = column[k];
      for (int ky = 0; ky < 3; ky++) {
        int y = yy - ky + 1; // the output row that tap ky reads this input from
        if (y < 0 || y >= height) {
          continue;
        }
        int line = offset + y * width;
        for (int kx = 0; kx < 3; kx++) {
          int x = xx - kx + 1;
          if (x >= 0 && x < width) {
            out[line + x] += v * kernel[(ky * 3 + kx) * channels + i];
          }
        }
      }
    }
  }

  /**
   * Adds the contribution of row {@code r} (one sample at one timestep) to the weight gradient of
   * one output channel.
   *
   * @param gradOut ∂L/∂I of that output channel in row r, {@code [H·W]} from {@code offset}
   * @param acc {@code [9 · channels]}, entry {@code (ky·3 + kx)·channels + i}, added to
   */
  void addWeightGradient(int r, double[] gradOut, int offset, double[] acc) {
    for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
      double v = value[k];
      int i = channel[k];
      int yy = row[k];
      int xx = column[k];
      for (int ky = 0; ky < 3; ky++) {
        int y = yy - ky + 1; // the output row that tap ky reads this input from
        if (y < 0 || y >= height) {
          continue;
        }
        int line = offset + y * width;
        for (int kx = 0; kx < 3; kx++) {
          int x = xx - kx + 1;
          if (x >= 0 && x < width) {
            acc[(ky * 3 + kx) * channels + i] += v * gradOut[line + x];
          }
        }
      }
    }
  }
}
