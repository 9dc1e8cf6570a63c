package io.spikestream.dvs.dataset;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The samples of one split of a dataset, in a deterministic order (class index, then sample index),
 * with the class names.
 *
 * @param layout which layout was recognised ("cifar10-dvs", "n-mnist", "single-file")
 * @param root the dataset folder or file
 * @param classNames names by class index (empty for a single unlabelled file)
 * @param split the part iterated
 * @param rule the rule that cut train from test, or {@code null} when the layout has official
 *     folders (N-MNIST Train/Test) or no split applies
 * @param samples the samples of {@code split}
 */
public record Dataset(
    String layout,
    java.nio.file.Path root,
    List<String> classNames,
    Split split,
    SplitRule rule,
    List<LabelledSample> samples)
    implements Iterable<LabelledSample> {

  public Dataset {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(split, "split");
    classNames = List.copyOf(classNames);
    samples = List.copyOf(samples);
  }

  public int size() {
    return samples.size();
  }

  public int classCount() {
    return classNames.size();
  }

  /** How the split was made, for reports and provenance, e.g. "cifar10-dvs train (9:1)". */
  public String describeSplit() {
    return layout
        + " "
        + split.name().toLowerCase(java.util.Locale.ROOT)
        + (rule == null ? "" : " (" + rule.label() + ")");
  }

  @Override
  public Iterator<LabelledSample> iterator() {
    return samples.iterator();
  }
}
