package io.spikestream.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one epoch measured; kept in the artifact's provenance metrics as {@code
 * epoch.<e>.trainLoss}, {@code epoch.<e>.trainAccuracy}, {@code epoch.<e>.testAccuracy} and {@code
 * epoch.<e>.learningRate} (e 0-based, zero-padded to 4 digits) so that the report can draw the
 * training curves.
 *
 * @param epoch 0-based
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy fraction correct over the epoch's batches (before each update)
 * @param testAccuracy fraction correct on the TEST split after the epoch, NaN without test samples
 * @param learningRate the epoch's learning rate
 */
public record EpochMetrics(
    int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double learningRate) {

  private static final String PREFIX = "epoch.";

  /** Writes this epoch's entries into {@code metrics}. */
  public void putInto(Map<String, Double> metrics) {
    String p = String.format(Locale.ROOT, "%s%04d.", PREFIX, epoch);
    metrics.put(p + "trainLoss", trainLoss);
    metrics.put(p + "trainAccuracy", trainAccuracy);
    if (!Double.isNaN(testAccuracy)) {
      metrics.put(p + "testAccuracy", testAccuracy);
    }
    metrics.put(p + "learningRate", learningRate);
  }

  /** Reads the epochs back from provenance metrics, in epoch order (missing values are NaN). */
  public static List<EpochMetrics> fromMetrics(Map<String, Double> metrics) {
    Map<Integer, Map<String, Double>> byEpoch = new TreeMap<>();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(PREFIX)) {
        continue;
      }
      int dot = k.indexOf('.', PREFIX.length());
      if (dot < 0) {
        continue;
      }
      try {
        int epoch = Integer.parseInt(k.substring(PREFIX.length(), dot));
        byEpoch
            .computeIfAbsent(epoch, x -> new TreeMap<>())
            .put(k.substring(dot + 1), e.getValue());
      } catch (NumberFormatException ignored) {
        // not an epoch entry
      }
    }
    List<EpochMetrics> out = new ArrayList<>();
    byEpoch.forEach(
        (epoch, m) ->
            out.add(
                new EpochMetrics(
                    epoch,
                    m.getOrDefault("trainLoss", Double.NaN),
                    m.getOrDefault("trainAccuracy", Double.NaN),
                    m.getOrDefault("testAccuracy", Double.NaN),
                    m.getOrDefault("learningRate", Double.NaN))));
    return out;
  }
}
