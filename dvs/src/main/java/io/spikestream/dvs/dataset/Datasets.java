package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a dataset by recognising its layout: a single recording (one unlabelled sample), the
 * CIFAR10-DVS class folders, or the N-MNIST digit folders (optionally under Train/Test). An empty
 * folder, an unknown layout or a split without samples is an {@link IOException} saying so.
 */
public final class Datasets {

  private Datasets() {}

  /** Opens {@code root} with the default split rule, 9:1. */
  public static Dataset open(Path root, Split split) throws IOException {
    return open(root, split, SplitRule.NINE_TO_ONE);
  }

  /** Opens {@code split} of the dataset at {@code root}, cut by {@code rule} where needed. */
  public static Dataset open(Path root, Split split, SplitRule rule) throws IOException {
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
    Dataset d;
    if (Cifar10DvsLayout.matches(root)) {
      d = Cifar10DvsLayout.open(root, split, rule);
    } else if (NmnistLayout.matches(root)) {
      d = NmnistLayout.open(root, split, rule);
    } else {
      throw new IOException(
          root
              + ": no labelled recordings found: expected CIFAR10-DVS class folders (airplane/"
              + "cifar10_airplane_0.aedat, ...) or N-MNIST digit folders (0/..9/ with .bin or .bs2,"
              + " optionally under Train/ and Test/)");
    }
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
}
