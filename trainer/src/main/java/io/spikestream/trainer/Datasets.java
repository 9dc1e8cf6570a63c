package io.spikestream.trainer;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Loading helpers the {@code train} and {@code evaluate} commands share. */
public final class Datasets {

  private Datasets() {}

  /** The sensor geometry of the first recording of {@code folder} (the default frame size). */
  public static SensorGeometry geometry(DatasetFolder folder) throws IOException {
    List<SampleRef> any = folder.train().isEmpty() ? folder.test() : folder.train();
    try (EventReader reader = EventFiles.open(any.get(0).path())) {
      return reader.geometry();
    }
  }

  /**
   * At most {@code limit} samples (0 = all): a seeded random subset, kept in dataset order so that
   * results are reproducible.
   */
  public static List<SampleRef> limit(List<SampleRef> samples, int limit, long seed) {
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
    List<SampleRef> out = new ArrayList<>();
    for (int i : chosen) {
      out.add(samples.get(i));
    }
    return out;
  }

  /**
   * Bins {@code split} of {@code folder}, limited, with a progress bar; through {@link FrameCache}
   * in {@code cacheDir} unless it is null.
   */
  public static FrameDataset load(
      DatasetFolder folder,
      Split split,
      BinningSpec spec,
      int limit,
      long seed,
      int threads,
      PrintWriter progress,
      java.nio.file.Path cacheDir)
      throws IOException {
    List<SampleRef> samples = limit(folder.samples(split), limit, seed);
    return cacheDir == null
        ? FrameDataset.bin(samples, spec, threads, progress)
        : FrameCache.binCached(cacheDir, samples, spec, threads, progress);
  }

  /** Bins {@code split} of {@code folder}, limited, with a progress bar. */
  public static FrameDataset load(
      DatasetFolder folder,
      Split split,
      BinningSpec spec,
      int limit,
      long seed,
      int threads,
      PrintWriter progress)
      throws IOException {
    return FrameDataset.bin(limit(folder.samples(split), limit, seed), spec, threads, progress);
  }
}
