package io.spikestream.streams.dashboard;

import java.util.List;

/**
 * What the dashboard shows of the model being served.
 *
 * @param name model name
 * @param version model version
 * @param classNames class names in class-index order
 * @param timesteps timesteps T per window
 */
public record ModelInfo(String name, long version, List<String> classNames, int timesteps) {
  public ModelInfo {
    if (name == null || classNames == null) {
      throw new IllegalArgumentException("name and classNames must be set, got null");
    }
    classNames = List.copyOf(classNames);
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps must be >= 1, got " + timesteps);
    }
  }
}
