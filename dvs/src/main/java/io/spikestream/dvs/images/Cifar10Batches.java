package io.spikestream.dvs.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 binary batches ({@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code
 * test_batch.bin}): records of 1 label byte then 3,072 bytes (1,024 red, 1,024 green, 1,024 blue,
 * row-major 32x32), converted to grayscale with {@link GrayImage#luma}. Several batches are
 * concatenated in the order given.
 */
public final class Cifar10Batches implements ImageSource {

  /** Side of a CIFAR-10 image. */
  public static final int SIDE = 32;

  private static final int PLANE = SIDE * SIDE;
  private static final int RECORD = 1 + 3 * PLANE;

  private final byte[] gray;
  private final byte[] labels;
  private final String description;

  private Cifar10Batches(byte[] gray, byte[] labels, String description) {
    this.gray = gray;
    this.labels = labels;
    this.description = description;
  }

  /** Reads the batches. */
  public static Cifar10Batches read(List<Path> batches) throws IOException {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("batches must name at least one file");
    }
    List<byte[]> files = new ArrayList<>();
    long total = 0;
    for (Path batch : batches) {
      if (!Files.isRegularFile(batch)) {
        throw new IOException(batch + ": no such file");
      }
      byte[] bytes = Files.readAllBytes(batch);
      if (bytes.length == 0 || bytes.length % RECORD != 0) {
        throw new IOException(
            batch
                + ": not a CIFAR-10 binary batch ("
                + bytes.length
                + " bytes is not a multiple of "
                + RECORD
                + ")");
      }
      files.add(bytes);
      total += bytes.length / RECORD;
    }
    int count = Math.toIntExact(total);
    byte[] gray = new byte[count * PLANE];
    byte[] labels = new byte[count];
    int image = 0;
    for (int f = 0; f < files.size(); f++) {
      byte[] bytes = files.get(f);
      for (int r = 0; r < bytes.length / RECORD; r++, image++) {
        int base = r * RECORD;
        int label = bytes[base] & 0xFF;
        if (label >= ClassNames.CIFAR10.size()) {
          throw new IOException(batches.get(f) + ": record " + r + " has label " + label);
        }
        labels[image] = (byte) label;
        for (int p = 0; p < PLANE; p++) {
          gray[image * PLANE + p] =
              (byte)
                  GrayImage.luma(
                      bytes[base + 1 + p] & 0xFF,
                      bytes[base + 1 + PLANE + p] & 0xFF,
                      bytes[base + 1 + 2 * PLANE + p] & 0xFF);
        }
      }
    }
    return new Cifar10Batches(gray, labels, "CIFAR-10 batches " + batches);
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public List<String> classNames() {
    return ClassNames.CIFAR10;
  }

  @Override
  public LabeledImage get(int index) {
    if (index < 0 || index >= labels.length) {
      throw new IndexOutOfBoundsException("image " + index + " outside [0, " + labels.length + ")");
    }
    byte[] copy = new byte[PLANE];
    System.arraycopy(gray, index * PLANE, copy, 0, PLANE);
    return new LabeledImage(index, labels[index], new GrayImage(SIDE, SIDE, copy));
  }

  @Override
  public String describe() {
    return description;
  }
}
