package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Any other labelled folder: one sub-folder per class, {@code <class>/<file>}, optionally under
 * official {@code Train}/{@code Test} folders (any case; then the split is theirs), with recordings
 * named {@code .aedat}, {@code .bin} or {@code .bs2} (other files are ignored). The class names are
 * the sub-folders in name order (hidden ones skipped; with Train/Test those of both), the label a
 * folder's position among them. Within a class, samples are ordered by the trailing number of their
 * file name ({@code sample_10.bin} after {@code sample_9.bin}; names without one last), then by
 * name, and that position is the index {@link SplitRule} cuts by (DESIGN section 4); under
 * Train/Test, as in {@link NmnistLayout}, by name. Order: (Train before Test,) class, then that.
 */
public final class ClassFoldersLayout {

  public static final String NAME = "class-folders";

  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)(?:\\.[^.]*)?$");

  private ClassFoldersLayout() {}

  /** Whether {@code root}, or its Train or Test folder, has a class folder holding a recording. */
  public static boolean matches(Path root) throws IOException {
    for (Path dir : officialParts(root).isEmpty() ? List.of(root) : officialParts(root)) {
      for (String name : classFolders(dir)) {
        if (!recordings(dir.resolve(name)).isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The Train and Test folders of {@code root} that exist, Train first. */
  private static List<Path> officialParts(Path root) throws IOException {
    List<Path> parts = new ArrayList<>();
    NmnistLayout.officialFolder(root, "train").ifPresent(parts::add);
    NmnistLayout.officialFolder(root, "test").ifPresent(parts::add);
    return parts;
  }

  /** Whether {@code dir} holds recordings directly (an unlabelled folder, not a dataset). */
  static boolean hasLooseRecordings(Path dir) throws IOException {
    return !recordings(dir).isEmpty();
  }

  /** The samples of {@code split} under {@code root}, ordered by class then index. */
  public static Dataset open(Path root, Split split, SplitRule rule) throws IOException {
    List<Path> parts = officialParts(root);
    if (!parts.isEmpty()) {
      return openOfficial(root, parts, split);
    }
    List<String> names = classFolders(root);
    List<LabelledSample> samples = new ArrayList<>();
    for (int label = 0; label < names.size(); label++) {
      List<Path> files = recordings(root.resolve(names.get(label)));
      for (int i = 0; i < files.size(); i++) {
        if (!rule.includes(split, i, files.size())) {
          continue;
        }
        Path f = files.get(i);
        String id = root.relativize(f).toString().replace('\\', '/');
        samples.add(new LabelledSample(id, label, names.get(label), f, format(f)));
      }
    }
    return new Dataset(NAME, root, names, split, rule, samples);
  }

  private static Dataset openOfficial(Path root, List<Path> parts, Split split) throws IOException {
    java.util.TreeSet<String> union = new java.util.TreeSet<>();
    for (Path part : parts) {
      union.addAll(classFolders(part));
    }
    List<String> names = List.copyOf(union);
    List<LabelledSample> samples = new ArrayList<>();
    for (Path part : parts) {
      boolean isTrain = part.getFileName().toString().equalsIgnoreCase("train");
      if (split != Split.ALL && isTrain != (split == Split.TRAIN)) {
        continue;
      }
      for (int label = 0; label < names.size(); label++) {
        // name order, as N-MNIST's official folders (no index to cut by here)
        List<Path> files = new ArrayList<>(recordings(part.resolve(names.get(label))));
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path f : files) {
          String id = root.relativize(f).toString().replace('\\', '/');
          samples.add(new LabelledSample(id, label, names.get(label), f, format(f)));
        }
      }
    }
    return new Dataset(NAME, root, names, split, null, samples);
  }

  private static EventFileFormat format(Path f) throws IOException {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".bs2")) {
      return EventFileFormat.NMNIST_BS2;
    }
    if (n.endsWith(".bin")) {
      return EventFileFormat.NMNIST_BIN;
    }
    return EventFiles.detect(f);
  }

  /** The non-hidden sub-folders of {@code dir} in name order. */
  private static List<String> classFolders(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  /** The recordings of {@code dir} by trailing number, then name. */
  private static List<Path> recordings(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(ClassFoldersLayout::isRecording)
          .sorted(
              Comparator.comparingLong(ClassFoldersLayout::trailingNumber)
                  .thenComparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private static boolean isRecording(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (n.endsWith(".aedat") || n.endsWith(".bin") || n.endsWith(".bs2"));
  }

  /** The trailing number of a file name, or Long.MAX_VALUE (then name order decides). */
  private static long trailingNumber(Path p) {
    Matcher m = TRAILING_NUMBER.matcher(p.getFileName().toString());
    if (m.find()) {
      try {
        return Long.parseLong(m.group(1));
      } catch (NumberFormatException tooLong) {
        return Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }
}
