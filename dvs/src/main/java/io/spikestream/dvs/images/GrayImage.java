package io.spikestream.dvs.images;

/**
 * An 8-bit grayscale image, row-major, {@code pixels[y * width + x]} unsigned (0 black .. 255
 * white). The array is not copied: treat it as read-only.
 */
public record GrayImage(int width, int height, byte[] pixels) {

  public GrayImage {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (height < 1) {
      throw new IllegalArgumentException("height must be >= 1, got " + height);
    }
    if (pixels == null || pixels.length != width * height) {
      throw new IllegalArgumentException(
          "pixels must hold width * height = "
              + width * height
              + " bytes, got "
              + (pixels == null ? "null" : pixels.length));
    }
  }

  /** Intensity of (x, y) in [0, 1]. */
  public float intensity(int x, int y) {
    return (pixels[y * width + x] & 0xFF) / 255f;
  }

  /** Luma of an RGB pixel (ITU-R BT.601 weights), rounded to 0..255. */
  public static int luma(int r, int g, int b) {
    return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
}
