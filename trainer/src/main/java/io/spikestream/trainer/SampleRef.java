package io.spikestream.trainer;

import java.nio.file.Path;

/**
 * One labelled recording of a dataset folder.
 *
 * @param id stable identifier, the path relative to the dataset root with '/' separators
 * @param path the recording
 * @param label class index
 */
public record SampleRef(String id, Path path, int label) {

  public SampleRef {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("id must be set, got '" + id + "'");
    }
    if (path == null) {
      throw new IllegalArgumentException("path must be set, got null");
    }
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label);
    }
  }
}
