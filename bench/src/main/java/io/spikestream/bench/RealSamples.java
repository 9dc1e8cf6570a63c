package io.spikestream.bench;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A trained model and real recordings binned with the model's own binning spec, so that inference
 * benchmarks see the spike rates of a trained network on real inputs (not random frames).
 *
 * <p>Samples are taken round-robin over the dataset's class folders (N-MNIST layout: {@code
 * <root>/<label>/*.bin}, or {@code <root>/Test/<label>/...}), files in name order, so a run is
 * reproducible and every class is represented.
 */
final class RealSamples {

  private RealSamples() {}

  /** Reads an artifact (zip or folder). */
  static ModelArtifact model(String path) {
    try {
      return ModelArtifacts.read(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + path, e);
    }
  }

  /**
   * Bins {@code count} recordings of {@code root}: {@code [sample][t][C*H*W]} with the spec's T
   * frames each.
   */
  static float[][][] frames(BinningSpec spec, String root, int count) {
    List<Path> files = pick(Path.of(root), count);
    float[][][] out = new float[files.size()][][];
    for (int i = 0; i < out.length; i++) {
      try (EventReader reader = EventFiles.open(files.get(i))) {
        out[i] = SampleBinner.split(SampleBinner.bin(spec, reader), spec);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + files.get(i), e);
      }
    }
    return out;
  }

  /** The same samples as one {@code [B, T, C, H, W]} array, as the trainer hands them over. */
  static float[] batch(float[][][] samples) {
    int t = samples[0].length;
    int frame = samples[0][0].length;
    float[] out = new float[samples.length * t * frame];
    for (int b = 0; b < samples.length; b++) {
      for (int s = 0; s < t; s++) {
        System.arraycopy(samples[b][s], 0, out, (b * t + s) * frame, frame);
      }
    }
    return out;
  }

  private static List<Path> pick(Path root, int count) {
    Path base = Files.isDirectory(root.resolve("Test")) ? root.resolve("Test") : root;
    List<List<Path>> classes = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(base)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          classes.add(files.filter(Files::isRegularFile).sorted().toList());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + base, e);
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; out.size() < count; i++) {
      boolean any = false;
      for (List<Path> files : classes) {
        if (i < files.size() && out.size() < count) {
          out.add(files.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no recordings under " + base);
    }
    return out;
  }
}
