package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a dataset by recognising its layout: a single recording (one unlabelled sample), the
 * CIFAR10-DVS class folders, the N-MNIST digit folders (optionally under Train/Test), or any other
 * class folders ({@link ClassFoldersLayout}), tried in that order. A missing or empty folder,
 * recordings without class folders (unlabelled) or a split without samples is an {@link
 * IOException} saying so.
 */
public final class Datasets {

  private Datasets() {}

  /** Opens {@code root} with the default split rule, 9:1. */
  public static Dataset open(Path root, Split split) throws IOException {
    return open(root, split, SplitRule.NINE_TO_ONE);
  }

  /**
   * Opens {@code split} of the dataset at {@code root}, cut by {@code rule} where needed.
   *
   * @throws IOException when {@code root} is missing, holds no labelled layout (unlabelled or
   *     empty) or the split holds no sample
   */
  public static Dataset open(Path root, Split split, SplitRule rule) throws IOException {
    Dataset d = scan(root, split, rule);
    if (d.samples().isEmpty()) {
      throw new IOException(
          root
              + ": the "
              + split.name().toLowerCase(java.util.Locale.ROOT)
              + " split of this "
              + d.layout()
              + " dataset holds no sample"
              + (d.rule() == null ? "" : " (rule " + d.rule().label() + ")"));
    }
    return d;
  }

  /**
   * As {@link #open(Path, Split, SplitRule)}, but a split without samples is an empty {@link
   * Dataset} (a small class may have no test sample; the trainer then trains without validation).
   */
  public static Dataset scan(Path root, Split split, SplitRule rule) throws IOException {
    if (Files.isRegularFile(root)) {
      LabelledSample only =
          new LabelledSample(
              root.getFileName().toString(),
              LabelledSample.UNLABELLED,
              null,
              root,
              EventFiles.detect(root));
      return new Dataset("single-file", root, List.of(), split, null, List.of(only));
    }
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": no such file or folder");
    }
    if (Cifar10DvsLayout.matches(root)) {
      return Cifar10DvsLayout.open(root, split, rule);
    }
    if (NmnistLayout.matches(root)) {
      return NmnistLayout.open(root, split, rule);
    }
    if (ClassFoldersLayout.matches(root)) {
      return ClassFoldersLayout.open(root, split, rule);
    }
    if (ClassFoldersLayout.hasLooseRecordings(root)) {
      throw new IOException(
          root
              + ": unlabelled dataset, recordings lie directly in the folder; put each class into"
              + " a folder of its own (<class>/<file>)");
    }
    throw new IOException(
        root
            + ": empty dataset, no labelled recordings found: expected CIFAR10-DVS class folders"
            + " (airplane/cifar10_airplane_0.aedat, ...), N-MNIST digit folders (0/..9/ with .bin"
            + " or .bs2, optionally under Train/ and Test/) or other class folders"
            + " (<class>/<file>.aedat|.bin|.bs2)");
  }
}
