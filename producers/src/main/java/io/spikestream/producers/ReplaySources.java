package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.dataset.Dataset;
import io.spikestream.dvs.dataset.Datasets;
import io.spikestream.dvs.dataset.LabelledSample;
import io.spikestream.dvs.dataset.Split;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventFormatException;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns a path into the samples to replay: a dataset as {@link Datasets} recognises it (one
 * recording, CIFAR10-DVS class folders, N-MNIST digit folders) with its split, or — for {@code all}
 * only — a plain folder of recordings without labels.
 */
public final class ReplaySources {

  private static final int READ_CHUNK_EVENTS = 1 << 16;

  private ReplaySources() {}

  /** Parses {@code train}, {@code test} or {@code all}. */
  public static Split parseSplit(String text) {
    for (Split s : Split.values()) {
      if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("split must be train, test or all, got '" + text + "'");
  }

  /** The samples under {@code path} in the dataset's deterministic order. */
  public static List<ReplaySample> open(Path path, String split) throws IOException {
    return open(path, parseSplit(split), SplitRule.NINE_TO_ONE);
  }

  /** The samples of {@code split} under {@code path}, cut by {@code rule} where needed. */
  public static List<ReplaySample> open(Path path, Split split, SplitRule rule) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + " does not exist");
    }
    if (Files.isDirectory(path) && split == Split.ALL && !isLabelledLayout(path)) {
      return unlabelledFolder(path);
    }
    Dataset dataset = Datasets.open(path, split, rule);
    List<ReplaySample> out = new ArrayList<>(dataset.size());
    for (LabelledSample s : dataset) {
      out.add(
          ReplaySample.of(
              s.id(),
              s.isLabelled() ? s.label() : null,
              s.labelName(),
              into -> readAll(s.path(), into)));
    }
    return out;
  }

  private static boolean isLabelledLayout(Path dir) throws IOException {
    try {
      Datasets.open(dir, Split.ALL);
      return true;
    } catch (IOException notADataset) {
      return false;
    }
  }

  private static List<ReplaySample> unlabelledFolder(Path path) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(path)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<ReplaySample> out = new ArrayList<>();
    for (Path f : files) {
      if (isRecording(f)) {
        out.add(ReplaySample.of(f.getFileName().toString(), null, null, into -> readAll(f, into)));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(
          "no recordings found in "
              + path
              + " (expected a CIFAR10-DVS or N-MNIST layout, or event files for split "
              + Split.ALL.name().toLowerCase(Locale.ROOT)
              + ")");
    }
    return out;
  }

  private static boolean isRecording(Path f) throws IOException {
    try {
      EventFiles.detect(f);
      return true;
    } catch (EventFormatException notARecording) {
      return false;
    }
  }

  /** Reads every event of a recording into {@code into}, chunk by chunk. */
  private static SensorGeometry readAll(Path file, EventBatch into) throws IOException {
    into.clear();
    EventBatch chunk = new EventBatch(READ_CHUNK_EVENTS);
    try (EventReader reader = EventFiles.open(file)) {
      while (reader.read(chunk, READ_CHUNK_EVENTS) > 0) {
        into.addAll(chunk);
      }
      return reader.geometry();
    }
  }
}
