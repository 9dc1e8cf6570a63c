package io.spikestream.dvs.images;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-style IDX files: an images file (magic {@code 0x00000803}, count, rows, cols, then unsigned
 * bytes) and a labels file (magic {@code 0x00000801}, count, then one byte per label), raw or
 * gzip-compressed (detected from the gzip magic bytes). Loaded into memory (Fashion-MNIST's 60,000
 * training images take 47 MB).
 */
public final class IdxImages implements ImageSource {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;
  private final byte[] labels;
  private final List<String> classNames;
  private final String description;

  private IdxImages(
      int count,
      int rows,
      int cols,
      byte[] pixels,
      byte[] labels,
      List<String> classNames,
      String description) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = classNames;
    this.description = description;
  }

  /**
   * Reads an images file and its labels file.
   *
   * @param classNames names for labels 0..n-1 (e.g. {@link ClassNames#FASHION_MNIST})
   * @throws IOException when a file is missing, truncated, or its header is not IDX
   */
  public static IdxImages read(Path images, Path labels, List<String> classNames)
      throws IOException {
    byte[] pixels;
    int count;
    int rows;
    int cols;
    try (DataInputStream in = open(images)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new IOException(
            images + ": not an IDX images file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      count = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE) {
        throw new IOException(
            images + ": bad IDX dimensions " + count + " x " + rows + " x " + cols);
      }
      pixels = new byte[count * rows * cols];
      in.readFully(pixels);
    } catch (EOFException e) {
      throw new IOException(images + ": truncated IDX images file");
    }
    byte[] labelBytes;
    try (DataInputStream in = open(labels)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new IOException(
            labels + ": not an IDX labels file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int n = in.readInt();
      if (n != count) {
        throw new IOException(labels + ": holds " + n + " labels for " + count + " images");
      }
      labelBytes = new byte[n];
      in.readFully(labelBytes);
    } catch (EOFException e) {
      throw new IOException(labels + ": truncated IDX labels file");
    }
    for (int i = 0; i < count; i++) {
      if ((labelBytes[i] & 0xFF) >= classNames.size()) {
        throw new IOException(
            labels + ": label " + (labelBytes[i] & 0xFF) + " of image " + i + " has no class name");
      }
    }
    return new IdxImages(
        count,
        rows,
        cols,
        pixels,
        labelBytes,
        List.copyOf(classNames),
        "IDX " + images + " + " + labels);
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new DataInputStream(in);
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public LabeledImage get(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("image " + index + " outside [0, " + count + ")");
    }
    int n = rows * cols;
    byte[] copy = new byte[n];
    System.arraycopy(pixels, index * n, copy, 0, n);
    return new LabeledImage(index, labels[index] & 0xFF, new GrayImage(cols, rows, copy));
  }

  @Override
  public String describe() {
    return description;
  }
}
