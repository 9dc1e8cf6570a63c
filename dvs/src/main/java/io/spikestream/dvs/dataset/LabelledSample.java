package io.spikestream.dvs.dataset;

import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One recording of a dataset.
 *
 * @param id stable identifier: the file's path relative to the dataset root, '/'-separated
 * @param label class index, or {@link #UNLABELLED}
 * @param labelName class name, or {@code null} when unlabelled
 * @param path the recording
 * @param format its container format
 */
public record LabelledSample(
    String id, int label, String labelName, Path path, EventFileFormat format) {

  /** Label of a sample without class (a single file opened as a dataset). */
  public static final int UNLABELLED = -1;

  public LabelledSample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    if (label < UNLABELLED) {
      throw new IllegalArgumentException("label must be >= -1, got " + label);
    }
    if ((label == UNLABELLED) != (labelName == null)) {
      throw new IllegalArgumentException(
          "labelName must be null exactly when unlabelled, got label "
              + label
              + " and labelName "
              + labelName);
    }
  }

  public boolean isLabelled() {
    return label != UNLABELLED;
  }

  /** Opens the recording's reader (the caller closes it). */
  public EventReader open() throws IOException {
    return EventFiles.open(path);
  }
}
