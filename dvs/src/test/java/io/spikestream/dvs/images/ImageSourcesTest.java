package io.spikestream.dvs.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {

  @TempDir Path dir;

  private static byte[] idxImages(int count, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < count * rows * cols; i++) {
      out.writeByte(i * 7);
    }
    return bytes.toByteArray();
  }

  private static byte[] idxLabels(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000801);
    out.writeInt(labels.length);
    for (int l : labels) {
      out.writeByte(l);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  @Test
  void idxReadsRawAndGzipFiles() throws IOException {
    Path images = Files.write(dir.resolve("images.gz"), gzip(idxImages(3, 2, 4)));
    Path labels = Files.write(dir.resolve("labels"), idxLabels(9, 0, 4));
    IdxImages source = IdxImages.read(images, labels, ClassNames.FASHION_MNIST);
    assertThat(source.size()).isEqualTo(3);
    LabeledImage second = source.get(1);
    assertThat(second.label()).isEqualTo(0);
    assertThat(second.image().width()).isEqualTo(4);
    assertThat(second.image().height()).isEqualTo(2);
    // pixel i of the file is (i * 7) & 0xFF; image 1 starts at i = 8
    assertThat(second.image().pixels()[0] & 0xFF).isEqualTo(56);
    assertThat(second.image().pixels()[7] & 0xFF).isEqualTo(105);
    assertThat(source.classNames().get(source.get(0).label())).isEqualTo("Ankle boot");

    Path rawImages = Files.write(dir.resolve("images"), idxImages(3, 2, 4));
    assertThat(IdxImages.read(rawImages, labels, ClassNames.MNIST).get(2).image().pixels())
        .isEqualTo(second.image().pixels().length == 8 ? source.get(2).image().pixels() : null);
  }

  @Test
  void idxErrorsNameTheFile() throws IOException {
    Path images = Files.write(dir.resolve("images"), idxImages(3, 2, 4));
    Path labels = Files.write(dir.resolve("labels"), idxLabels(1, 2));
    assertThatThrownBy(() -> IdxImages.read(images, labels, ClassNames.MNIST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds 2 labels for 3 images");
    assertThatThrownBy(() -> IdxImages.read(labels, labels, ClassNames.MNIST))
        .hasMessageContaining("not an IDX images file");
    Path truncated =
        Files.write(dir.resolve("short"), java.util.Arrays.copyOf(idxImages(3, 2, 4), 30));
    assertThatThrownBy(() -> IdxImages.read(truncated, labels, ClassNames.MNIST))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> IdxImages.read(dir.resolve("missing"), labels, ClassNames.MNIST))
        .hasMessageContaining("no such file");
  }

  @Test
  void cifarBatchesBecomeGrayscale() throws IOException {
    byte[] batch = new byte[2 * 3073];
    batch[0] = 3; // cat
    for (int p = 0; p < 1024; p++) {
      batch[1 + p] = (byte) 255; // red plane
    }
    batch[3073] = 9; // truck
    for (int p = 0; p < 1024; p++) {
      batch[3073 + 1 + 2048 + p] = (byte) 200; // blue plane
    }
    Path file = Files.write(dir.resolve("data_batch_1.bin"), batch);
    Cifar10Batches source = Cifar10Batches.read(List.of(file, file));
    assertThat(source.size()).isEqualTo(4);
    assertThat(source.get(0).label()).isEqualTo(3);
    assertThat(source.classNames().get(source.get(3).label())).isEqualTo("truck");
    // luma: 0.299 * 255 = 76.2 -> 76; 0.114 * 200 = 22.8 -> 23
    assertThat(source.get(0).image().pixels()[500] & 0xFF).isEqualTo(76);
    assertThat(source.get(1).image().pixels()[1023] & 0xFF).isEqualTo(23);
    Path bad = Files.write(dir.resolve("bad.bin"), new byte[100]);
    assertThatThrownBy(() -> Cifar10Batches.read(List.of(bad)))
        .hasMessageContaining("not a multiple of 3073");
  }

  @Test
  void pngFoldersListClassesInNameOrder() throws IOException {
    for (String cls : List.of("dog", "cat")) {
      Files.createDirectories(dir.resolve(cls));
      for (int i = 0; i < 2; i++) {
        BufferedImage image = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, 0x00FF00); // pure green
        ImageIO.write(image, "png", dir.resolve(cls).resolve("img" + i + ".png").toFile());
      }
    }
    Files.writeString(dir.resolve("cat").resolve("notes.txt"), "not an image");
    PngFolderImages source = PngFolderImages.open(dir);
    assertThat(source.classNames()).containsExactly("cat", "dog");
    assertThat(source.size()).isEqualTo(4);
    LabeledImage third = source.get(2);
    assertThat(third.label()).isEqualTo(1);
    assertThat(third.image().width()).isEqualTo(5);
    assertThat(third.image().height()).isEqualTo(3);
    // luma of green: 0.587 * 255 = 149.7 -> 150
    assertThat(third.image().pixels()[2 * 5 + 1] & 0xFF).isEqualTo(150);
    assertThat(third.image().pixels()[0]).isEqualTo((byte) 0);
    assertThatThrownBy(() -> PngFolderImages.open(dir.resolve("cat")))
        .hasMessageContaining("has no class folders");
  }
}
