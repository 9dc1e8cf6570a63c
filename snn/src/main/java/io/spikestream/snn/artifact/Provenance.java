package io.spikestream.snn.artifact;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from (DESIGN section 9). Every field may be absent (null, or an empty map) in
 * artifacts made elsewhere.
 *
 * @param dataSource data set or topic the model was trained on
 * @param split the split name, e.g. {@code 9:1}
 * @param seed training seed, or null
 * @param epochs epochs trained, or null
 * @param metrics named numbers, e.g. {@code testAccuracy}
 * @param gitCommit commit of the code that trained it
 * @param createdTime ISO-8601 instant
 */
public record Provenance(
    String dataSource,
    String split,
    Long seed,
    Integer epochs,
    Map<String, Double> metrics,
    String gitCommit,
    String createdTime) {

  public Provenance {
    metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
    if (epochs != null && epochs < 0) {
      throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    }
  }

  /** Nothing known. */
  public static Provenance unknown() {
    return new Provenance(null, null, null, null, Map.of(), null, null);
  }
}
