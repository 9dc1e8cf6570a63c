package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CIFAR10-DVS folder layout (DESIGN section 4): one folder per class named as {@link #CLASSES},
 * holding {@code cifar10_<class>_<i>.aedat} with {@code i = 0..999} (fewer for emulated sets).
 * Other files are ignored. Train/test by {@link SplitRule}. The class names run up to the largest
 * class present.
 */
public final class Cifar10DvsLayout {

  /** Class names in class-index order. */
  public static final List<String> CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  public static final String NAME = "cifar10-dvs";

  private static final Pattern FILE = Pattern.compile("cifar10_([a-z]+)_(\\d+)\\.aedat");

  private Cifar10DvsLayout() {}

  /** Whether {@code root} has at least one class folder holding a sample file. */
  public static boolean matches(Path root) throws IOException {
    for (String c : CLASSES) {
      Path dir = root.resolve(c);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          if (files.anyMatch(f -> FILE.matcher(f.getFileName().toString()).matches())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The samples of {@code split} under {@code root}, ordered by class then index. The class names
   * run from airplane to the largest class present (a set of airplane and automobile has two
   * classes; one holding truck has all ten), so labels keep the class-index order.
   */
  public static Dataset open(Path root, Split split, SplitRule rule) throws IOException {
    List<LabelledSample> samples = new ArrayList<>();
    int classesPresent = 0;
    for (int label = 0; label < CLASSES.size(); label++) {
      String name = CLASSES.get(label);
      Path dir = root.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      Map<Integer, Path> byIndex = new TreeMap<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Matcher m = FILE.matcher(f.getFileName().toString());
          if (!m.matches() || !Files.isRegularFile(f)) {
            continue;
          }
          if (!m.group(1).equals(name)) {
            throw new IOException(
                f + ": file of class '" + m.group(1) + "' in the folder of class '" + name + "'");
          }
          byIndex.put(Integer.parseInt(m.group(2)), f);
        }
      }
      if (byIndex.isEmpty()) {
        continue;
      }
      classesPresent = label + 1;
      int n = ((TreeMap<Integer, Path>) byIndex).lastKey() + 1;
      for (Map.Entry<Integer, Path> e : byIndex.entrySet()) {
        if (rule.includes(split, e.getKey(), n)) {
          samples.add(
              new LabelledSample(
                  name + "/" + e.getValue().getFileName(),
                  label,
                  name,
                  e.getValue(),
                  EventFileFormat.AEDAT2));
        }
      }
    }
    return new Dataset(NAME, root, CLASSES.subList(0, classesPresent), split, rule, samples);
  }
}
