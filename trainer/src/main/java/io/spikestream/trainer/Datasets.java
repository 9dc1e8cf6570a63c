package io.spikestream.trainer;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.dataset.Dataset;
import io.spikestream.dvs.dataset.LabelledSample;
import io.spikestream.dvs.dataset.Split;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Loading helpers the {@code train} and {@code evaluate} commands share, over the project's one
 * dataset scanner, {@link io.spikestream.dvs.dataset.Datasets} (the one {@code replay} uses, so
 * sample ids, labels and splits are the stream's).
 */
public final class Datasets {

  /** The split label of layouts with official Train/Test folders, as models record it. */
  public static final String FOLDERS = "folders";

  private Datasets() {}

  /**
   * The TRAIN and TEST parts of one dataset folder. Either may be empty (a class too small for a
   * test sample), not both.
   *
   * @param train the TRAIN samples
   * @param test the TEST samples
   */
  public record Splits(Dataset train, Dataset test) {

    /** Class names by label (the same for both parts). */
    public List<String> classNames() {
      return train.classNames();
    }

    /**
     * How TRAIN was cut from TEST, for reports and model provenance: {@value #FOLDERS} for official
     * Train/Test folders, else the rule's label ("9:1", "first-100-test").
     */
    public String splitLabel() {
      return train.rule() == null ? FOLDERS : train.rule().label();
    }

    /** The part {@code split} (TRAIN or TEST). */
    public Dataset get(Split split) {
      return switch (split) {
        case TRAIN -> train;
        case TEST -> test;
        case ALL -> throw new IllegalArgumentException("split must be TRAIN or TEST, got ALL");
      };
    }

    /** The sensor geometry of the first recording (the default frame size). */
    public SensorGeometry geometry() throws IOException {
      Dataset any = train.samples().isEmpty() ? test : train;
      try (EventReader reader = any.samples().get(0).open()) {
        return reader.geometry();
      }
    }
  }

  /**
   * Parses a split rule as the commands take it: "9:1", "first-100-test", or {@value #FOLDERS}
   * (official Train/Test folders required; returns null).
   */
  public static SplitRule parseRule(String text) {
    if (FOLDERS.equals(text)) {
      return null;
    }
    try {
      return SplitRule.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "split must be one of 9:1, first-100-test, folders, got '" + text + "'");
    }
  }

  /**
   * Opens TRAIN and TEST of the labelled dataset at {@code root}; official Train/Test folders win
   * over {@code rule}, and a null {@code rule} requires them.
   *
   * @throws IOException when the folder is missing, unlabelled or empty (the messages of {@link
   *     io.spikestream.dvs.dataset.Datasets#scan})
   */
  public static Splits open(Path root, SplitRule rule) throws IOException {
    SplitRule cut = rule == null ? SplitRule.NINE_TO_ONE : rule;
    Dataset train = io.spikestream.dvs.dataset.Datasets.scan(root, Split.TRAIN, cut);
    if (!train.samples().isEmpty() && !train.samples().get(0).isLabelled()) {
      throw new IOException(
          root + ": unlabelled dataset, a single recording; training needs class folders");
    }
    if (rule == null && train.rule() != null) {
      throw new IOException(root + ": split 'folders' needs Train/ and Test/ folders");
    }
    Dataset test = io.spikestream.dvs.dataset.Datasets.scan(root, Split.TEST, cut);
    return new Splits(train, test);
  }

  /**
   * At most {@code limit} samples (0 = all): a seeded random subset, kept in dataset order so that
   * results are reproducible.
   */
  public static List<LabelledSample> limit(List<LabelledSample> samples, int limit, long seed) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    if (limit == 0 || limit >= samples.size()) {
      return samples;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    List<Integer> chosen = new ArrayList<>(idx.subList(0, limit));
    Collections.sort(chosen);
    List<LabelledSample> out = new ArrayList<>();
    for (int i : chosen) {
      out.add(samples.get(i));
    }
    return out;
  }

  /**
   * Bins {@code dataset}, limited, with a progress bar; through {@link FrameCache} in {@code
   * cacheDir} unless it is null.
   */
  public static FrameDataset load(
      Dataset dataset,
      BinningSpec spec,
      int limit,
      long seed,
      int threads,
      PrintWriter progress,
      Path cacheDir)
      throws IOException {
    List<LabelledSample> samples = limit(dataset.samples(), limit, seed);
    return cacheDir == null
        ? FrameDataset.bin(samples, spec, threads, progress)
        : FrameCache.binCached(cacheDir, samples, spec, threads, progress);
  }
}
