package io.spikestream.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A labelled dataset folder in one of two layouts (DESIGN section 4):
 *
 * <ul>
 *   <li><b>split folders</b> (N-MNIST): {@code Train/<class>/*} and {@code Test/<class>/*}; the
 *       split is the folder ({@link SplitRule#FOLDERS}).
 *   <li><b>class folders</b> (CIFAR10-DVS): {@code <class>/*}; the split is computed per class from
 *       each file's index (the trailing number of its name, e.g. {@code cifar10_cat_917}, else its
 *       position in name order): {@link SplitRule#NINE_TO_ONE} puts the first 9/10 of a class
 *       (index &lt; 900 of 1000) into TRAIN, {@link SplitRule#FIRST_100_TEST} the first 100 into
 *       TEST.
 * </ul>
 *
 * Class names are the class folders in name order (for CIFAR10-DVS exactly the project's class
 * index order, airplane 0 ... truck 9). Recordings are {@code .aedat}, {@code .bin} and {@code
 * .bs2} files; other files are ignored.
 *
 * @param root the folder
 * @param classNames class folder names, in label order
 * @param rule how samples are split
 * @param train TRAIN samples
 * @param test TEST samples
 */
public record DatasetFolder(
    Path root,
    List<String> classNames,
    SplitRule rule,
    List<SampleRef> train,
    List<SampleRef> test) {

  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)(?:\\.[^.]*)?$");

  /** How a folder's samples are split into TRAIN and TEST. */
  public enum SplitRule {
    /** {@code Train/} and {@code Test/} folders. */
    FOLDERS("folders"),
    /** Per class, the first 9/10 by index train, the rest test (the default). */
    NINE_TO_ONE("9:1"),
    /** Per class, the first 100 by index test, the rest train. */
    FIRST_100_TEST("first-100-test");

    private final String label;

    SplitRule(String label) {
      this.label = label;
    }

    /** The name used on the command line and in provenance. */
    public String label() {
      return label;
    }

    /** Parses {@link #label()}. */
    public static SplitRule parse(String text) {
      for (SplitRule r : values()) {
        if (r.label.equals(text)) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "split must be one of 9:1, first-100-test, folders, got '" + text + "'");
    }
  }

  public DatasetFolder {
    classNames = List.copyOf(classNames);
    train = List.copyOf(train);
    test = List.copyOf(test);
  }

  /** The samples of {@code split}. */
  public List<SampleRef> samples(Split split) {
    return split == Split.TRAIN ? train : test;
  }

  /**
   * Scans {@code root}. With split folders present the rule is {@link SplitRule#FOLDERS} whatever
   * {@code classRule} says; otherwise {@code classRule} (must not be FOLDERS).
   *
   * @throws IOException when the folder is missing, has no class folders (unlabelled) or no
   *     recordings
   */
  public static DatasetFolder scan(Path root, SplitRule classRule) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": no such dataset folder");
    }
    Optional<Path> trainDir = child(root, "train");
    Optional<Path> testDir = child(root, "test");
    if (trainDir.isPresent() && testDir.isPresent()) {
      List<String> names = classFolders(trainDir.get());
      if (names.isEmpty()) {
        throw unlabelled(trainDir.get());
      }
      List<SampleRef> train = new ArrayList<>();
      List<SampleRef> test = new ArrayList<>();
      for (int label = 0; label < names.size(); label++) {
        String name = names.get(label);
        addAll(root, trainDir.get().resolve(name), label, train);
        Path t = testDir.get().resolve(name);
        if (Files.isDirectory(t)) {
          addAll(root, t, label, test);
        }
      }
      return checked(new DatasetFolder(root, names, SplitRule.FOLDERS, train, test));
    }
    if (classRule == SplitRule.FOLDERS) {
      throw new IOException(root + ": split 'folders' needs Train/ and Test/ folders");
    }
    List<String> names = classFolders(root);
    if (names.isEmpty()) {
      throw unlabelled(root);
    }
    List<SampleRef> train = new ArrayList<>();
    List<SampleRef> test = new ArrayList<>();
    for (int label = 0; label < names.size(); label++) {
      List<SampleRef> all = new ArrayList<>();
      addAll(root, root.resolve(names.get(label)), label, all);
      all.sort(
          Comparator.comparingLong((SampleRef s) -> index(s.path())).thenComparing(SampleRef::id));
      int n = all.size();
      for (int pos = 0; pos < n; pos++) {
        boolean isTest =
            switch (classRule) {
              case NINE_TO_ONE -> pos >= n * 9 / 10;
              case FIRST_100_TEST -> pos < 100;
              case FOLDERS -> throw new AssertionError(classRule);
            };
        (isTest ? test : train).add(all.get(pos));
      }
    }
    return checked(new DatasetFolder(root, names, classRule, train, test));
  }

  private static DatasetFolder checked(DatasetFolder folder) throws IOException {
    if (folder.train.isEmpty() && folder.test.isEmpty()) {
      throw new IOException(
          folder.root
              + ": empty dataset, no recordings (.aedat, .bin, .bs2) in the class folders "
              + folder.classNames);
    }
    return folder;
  }

  private static IOException unlabelled(Path dir) throws IOException {
    boolean loose;
    try (Stream<Path> s = Files.list(dir)) {
      loose = s.anyMatch(DatasetFolder::isRecording);
    }
    return new IOException(
        dir
            + (loose
                ? ": unlabelled dataset, recordings lie directly in the folder; put each class"
                    + " into a folder of its own (<class>/<file>)"
                : ": empty dataset, no class folders with recordings"));
  }

  private static Optional<Path> child(Path dir, String lowerName) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).equals(lowerName))
          .findFirst();
    }
  }

  private static List<String> classFolders(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static void addAll(Path root, Path dir, int label, List<SampleRef> out)
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(DatasetFolder::isRecording).sorted().toList();
    }
    for (Path f : files) {
      String id = root.relativize(f).toString().replace('\\', '/');
      out.add(new SampleRef(id, f, label));
    }
  }

  private static boolean isRecording(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (n.endsWith(".aedat") || n.endsWith(".bin") || n.endsWith(".bs2"));
  }

  /** The trailing number of a file name, or Long.MAX_VALUE (then name order decides). */
  static long index(Path p) {
    Matcher m = TRAILING_NUMBER.matcher(p.getFileName().toString());
    if (m.find()) {
      try {
        return Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }
}
