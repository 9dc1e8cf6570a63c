package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The N-MNIST folder layout: class folders {@code 0}..{@code 9} holding {@code .bin} or {@code
 * .bs2} recordings, optionally under official {@code Train}/{@code Test} folders (any case). With
 * those folders the split is theirs; without them, {@link SplitRule} applies per class with the
 * file's position in name order as its index. Order: (Train before Test,) class, file name. The
 * class names run from "0" to the largest digit with a recording in any split, so a set of the
 * digits 0 and 1 has two classes.
 */
public final class NmnistLayout {

  /** Class names in class-index order (the digits). */
  public static final List<String> CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  public static final String NAME = "n-mnist";

  private NmnistLayout() {}

  /** Whether {@code root}, or its Train or Test folder, has digit folders holding recordings. */
  public static boolean matches(Path root) throws IOException {
    for (String part : List.of("train", "test")) {
      Optional<Path> dir = officialFolder(root, part);
      if (dir.isPresent() && hasClassFolders(dir.get())) {
        return true;
      }
    }
    return hasClassFolders(root);
  }

  private static boolean hasClassFolders(Path root) throws IOException {
    for (String c : CLASSES) {
      if (!recordings(root.resolve(c)).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The samples of {@code split} under {@code root}. */
  public static Dataset open(Path root, Split split, SplitRule rule) throws IOException {
    Optional<Path> train = officialFolder(root, "train");
    Optional<Path> test = officialFolder(root, "test");
    List<LabelledSample> samples = new ArrayList<>();
    if (train.isPresent() || test.isPresent()) {
      if (split != Split.TEST && train.isPresent()) {
        addAll(root, train.get(), null, split, samples);
      }
      if (split != Split.TRAIN && test.isPresent()) {
        addAll(root, test.get(), null, split, samples);
      }
      List<Path> parts = new ArrayList<>();
      train.ifPresent(parts::add);
      test.ifPresent(parts::add);
      return new Dataset(NAME, root, classesPresent(parts), split, null, samples);
    }
    addAll(root, root, rule, split, samples);
    return new Dataset(NAME, root, classesPresent(List.of(root)), split, rule, samples);
  }

  /** The digits from "0" to the largest one with a recording in one of {@code dirs}. */
  private static List<String> classesPresent(List<Path> dirs) throws IOException {
    for (int label = CLASSES.size() - 1; label >= 0; label--) {
      for (Path dir : dirs) {
        if (!recordings(dir.resolve(CLASSES.get(label))).isEmpty()) {
          return CLASSES.subList(0, label + 1);
        }
      }
    }
    return List.of();
  }

  private static void addAll(
      Path root, Path dir, SplitRule rule, Split split, List<LabelledSample> out)
      throws IOException {
    for (int label = 0; label < CLASSES.size(); label++) {
      List<Path> files = recordings(dir.resolve(CLASSES.get(label)));
      for (int i = 0; i < files.size(); i++) {
        if (rule != null && !rule.includes(split, i, files.size())) {
          continue;
        }
        Path f = files.get(i);
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        EventFileFormat format =
            name.endsWith(".bs2") ? EventFileFormat.NMNIST_BS2 : EventFileFormat.NMNIST_BIN;
        String id = root.relativize(f).toString().replace('\\', '/');
        out.add(new LabelledSample(id, label, CLASSES.get(label), f, format));
      }
    }
  }

  /** The .bin/.bs2 files of {@code dir} in name order; empty when it is not a folder. */
  private static List<Path> recordings(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".bin") || n.endsWith(".bs2");
              })
          .sorted()
          .toList();
    }
  }

  /** The folder {@code name} (any case) under {@code root}, the first in name order. */
  static Optional<Path> officialFolder(Path root, String name) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().equalsIgnoreCase(name))
          .sorted()
          .findFirst();
    }
  }
}
