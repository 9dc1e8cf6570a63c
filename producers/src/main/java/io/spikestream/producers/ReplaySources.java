package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventFormatException;
import io.spikestream.dvs.io.EventReader;
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
 * Turns a path into the samples to replay: one recording, or a CIFAR10-DVS-layout folder (class
 * folders {@code airplane .. truck} holding {@code cifar10_<class>_<i>.aedat}, DESIGN section 4)
 * with its 9:1 split (per class, {@code i < 900} train, {@code i >= 900} test), or a folder of
 * recordings without labels.
 *
 * <p>Recordings are read with the dvs readers ({@link EventFiles}: AEDAT 2.0, N-MNIST .bin/.bs2).
 * The dataset layouts are listed here until the dvs module's datasets ({@code
 * io.spikestream.dvs.dataset}) land; then this class delegates to them.
 */
public final class ReplaySources {

  /** CIFAR10-DVS class names in class-index order (DESIGN section 4). */
  public static final List<String> CIFAR10_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** Per-class file index from which a CIFAR10-DVS file belongs to the test split (9:1). */
  static final int FIRST_TEST_INDEX = 900;

  private static final int READ_CHUNK_EVENTS = 1 << 16;

  private static final Pattern CIFAR_FILE = Pattern.compile("cifar10_([a-z]+)_(\\d+)\\.aedat");

  /** Which part of a dataset to replay. */
  public enum Split {
    TRAIN,
    TEST,
    ALL;

    /** Parses {@code train}, {@code test} or {@code all}. */
    public static Split parse(String text) {
      for (Split s : values()) {
        if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return s;
        }
      }
      throw new IllegalArgumentException("split must be train, test or all, got '" + text + "'");
    }
  }

  private ReplaySources() {}

  /** The samples under {@code path} in a deterministic order (class index, then file index). */
  public static List<ReplaySample> open(Path path, String split) throws IOException {
    return open(path, Split.parse(split));
  }

  /** The samples under {@code path} in a deterministic order (class index, then file index). */
  public static List<ReplaySample> open(Path path, Split split) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + " does not exist");
    }
    if (Files.isRegularFile(path)) {
      EventFiles.detect(path); // a clear error for an unknown format, before anything is sent
      return List.of(fileSample(path.getFileName().toString(), path, null, null));
    }
    List<ReplaySample> out = new ArrayList<>();
    boolean layout = false;
    for (int label = 0; label < CIFAR10_CLASSES.size(); label++) {
      String name = CIFAR10_CLASSES.get(label);
      Path dir = path.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      layout = true;
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> CIFAR_FILE.matcher(p.getFileName().toString()).matches()).toList();
      }
      List<Path> sorted = new ArrayList<>(files);
      sorted.sort(Comparator.comparingInt(ReplaySources::fileIndex));
      for (Path f : sorted) {
        int index = fileIndex(f);
        boolean test = index >= FIRST_TEST_INDEX;
        if (split == Split.ALL || (split == Split.TEST) == test) {
          out.add(fileSample(name + "/" + f.getFileName(), f, label, name));
        }
      }
    }
    if (!layout) {
      if (split != Split.ALL) {
        throw new IOException(
            path
                + " is not a CIFAR10-DVS-layout folder (class folders airplane..truck), so"
                + " it has no "
                + split.name().toLowerCase(Locale.ROOT)
                + " split");
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(path)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        if (isRecording(f)) {
          out.add(fileSample(f.getFileName().toString(), f, null, null));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException(
          "no recordings found in "
              + path
              + (split == Split.ALL ? "" : " for split " + split.name().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  private static int fileIndex(Path f) {
    Matcher m = CIFAR_FILE.matcher(f.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalStateException("not a CIFAR10-DVS file name: " + f);
    }
    return Integer.parseInt(m.group(2));
  }

  private static boolean isRecording(Path f) throws IOException {
    try {
      EventFiles.detect(f);
      return true;
    } catch (EventFormatException notARecording) {
      return false;
    }
  }

  private static ReplaySample fileSample(String id, Path file, Integer label, String labelName) {
    return ReplaySample.of(id, label, labelName, into -> readAll(file, into));
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
