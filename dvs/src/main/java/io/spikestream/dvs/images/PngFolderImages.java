package io.spikestream.dvs.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder with one sub-folder per class (class index = position in name order) holding {@code
 * .png} images (name order), decoded with ImageIO on {@link #get} and converted to grayscale with
 * {@link GrayImage#luma}. Images are listed class by class.
 */
public final class PngFolderImages implements ImageSource {

  private final List<Path> files;
  private final int[] labels;
  private final List<String> classNames;
  private final Path root;

  private PngFolderImages(Path root, List<Path> files, int[] labels, List<String> classNames) {
    this.root = root;
    this.files = files;
    this.labels = labels;
    this.classNames = classNames;
  }

  /** Lists the class folders and their PNG files. */
  public static PngFolderImages open(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder");
    }
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      throw new IOException(root + ": has no class folders");
    }
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      names.add(classDirs.get(c).getFileName().toString());
      try (Stream<Path> s = Files.list(classDirs.get(c))) {
        for (Path p :
            s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                .sorted()
                .toList()) {
          files.add(p);
          labels.add(c);
        }
      }
    }
    if (files.isEmpty()) {
      throw new IOException(root + ": has no .png images in its class folders");
    }
    return new PngFolderImages(
        root, List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public List<String> classNames() {
    return List.copyOf(classNames);
  }

  @Override
  public LabeledImage get(int index) throws IOException {
    Path file = files.get(index);
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + ": not a readable PNG image");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] gray = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        gray[y * w + x] = (byte) GrayImage.luma((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
      }
    }
    return new LabeledImage(index, labels[index], new GrayImage(w, h, gray));
  }

  @Override
  public String describe() {
    return "PNG folder " + root;
  }
}
