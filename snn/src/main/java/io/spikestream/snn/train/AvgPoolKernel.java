package io.spikestream.snn.train;

import java.util.stream.IntStream;

/**
 * Average pooling over {@code k × k} windows with stride k on {@code [N, C, H, W]} arrays (DESIGN
 * section 7: applied to spikes). Sizes are floored as PyTorch's {@code AvgPool2d(k)}: the output is
 * {@code [N, C, H/k, W/k]} and trailing rows or columns that do not fill a window are ignored (and
 * get zero gradient).
 */
final class AvgPoolKernel {

  private final int planes;
  private final int height;
  private final int width;
  private final int size;
  private final int outHeight;
  private final int outWidth;

  AvgPoolKernel(int planes, int height, int width, int size) {
    if (height < size || width < size) {
      throw new IllegalArgumentException(
          "pool size " + size + " larger than input " + height + "x" + width);
    }
    this.planes = planes;
    this.height = height;
    this.width = width;
    this.size = size;
    this.outHeight = height / size;
    this.outWidth = width / size;
  }

  int outHeight() {
    return outHeight;
  }

  int outWidth() {
    return outWidth;
  }

  /**
   * {@code out[y, x] = mean of in[k·y + i, k·x + j], 0 <= i, j < k}, for each of the N·C planes.
   */
  void forward(Vec in, Vec out) {
    double norm = 1.0 / (size * size);
    int inPlane = height * width;
    int outPlane = outHeight * outWidth;
    IntStream.range(0, planes)
        .parallel()
        .forEach(
            plane -> {
              double[] src = new double[inPlane];
              double[] dst = new double[outPlane];
              float[] scratch = new float[inPlane];
              in.read(plane * inPlane, src, 0, inPlane, scratch);
              for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                  double sum = 0;
                  for (int i = 0; i < size; i++) {
                    int row = (y * size + i) * width + x * size;
                    for (int j = 0; j < size; j++) {
                      sum += src[row + j];
                    }
                  }
                  dst[y * outWidth + x] = sum * norm;
                }
              }
              out.write(plane * outPlane, dst, 0, outPlane, scratch);
            });
  }

  /** Gradient: each input of a window gets {@code 1/k²} of the window's output gradient. */
  void backward(Vec gradOut, Vec gradIn) {
    double norm = 1.0 / (size * size);
    int inPlane = height * width;
    int outPlane = outHeight * outWidth;
    IntStream.range(0, planes)
        .parallel()
        .forEach(
            plane -> {
              double[] src = new double[outPlane];
              double[] dst = new double[inPlane];
              float[] scratch = new float[inPlane];
              gradOut.read(plane * outPlane, src, 0, outPlane, scratch);
              // dst is fresh (zero): rows/columns past the last full window keep no gradient
              for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                  double g = src[oy * outWidth + ox] * norm;
                  int corner = oy * size * width + ox * size;
                  for (int i = 0; i < size; i++) {
                    int row = corner + i * width;
                    for (int j = 0; j < size; j++) {
                      dst[row + j] = g;
                    }
                  }
                }
              }
              gradIn.write(plane * inPlane, dst, 0, inPlane, scratch);
            });
  }
}
