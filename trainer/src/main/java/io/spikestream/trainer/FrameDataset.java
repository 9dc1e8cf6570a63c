package io.spikestream.trainer;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.dataset.LabelledSample;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.dvs.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Labelled samples binned into frames with the model's {@link BinningSpec} by the stream's own
 * {@link SampleBinner} (DESIGN section 2: one binning implementation), held in memory compactly.
 *
 * <p>Storage: a sample whose frame values are all integers in {@code [0, 255]} (BINARY frames,
 * COUNT frames of short samples) is kept as one byte per value, any other sample as floats; {@link
 * #frames(int)} gives back exactly the floats SampleBinner produced. 60,000 N-MNIST-like samples of
 * {@code 20 × 2 × 34 × 34} take about 2.8 GB as bytes instead of 11 GB as floats.
 */
public final class FrameDataset {

  private final BinningSpec spec;
  private final List<String> ids;
  private final int[] labels;
  private final Object[] data;

  private FrameDataset(BinningSpec spec, List<String> ids, int[] labels, Object[] data) {
    this.spec = spec;
    this.ids = List.copyOf(ids);
    this.labels = labels;
    this.data = data;
  }

  /**
   * Builds a dataset from already binned frames (flat {@code [T][2][H][W]}), e.g. samples assembled
   * from a topic.
   */
  public static FrameDataset of(
      BinningSpec spec, List<String> ids, int[] labels, List<float[]> frames) {
    if (ids.size() != labels.length || frames.size() != labels.length) {
      throw new IllegalArgumentException(
          "ids, labels and frames must have one entry per sample, got "
              + ids.size()
              + ", "
              + labels.length
              + ", "
              + frames.size());
    }
    int expected = spec.timesteps() * spec.frameSize();
    Object[] data = new Object[labels.length];
    for (int i = 0; i < data.length; i++) {
      float[] f = frames.get(i);
      if (f.length != expected) {
        throw new IllegalArgumentException(
            "frames of sample "
                + ids.get(i)
                + " hold "
                + f.length
                + " floats, expected "
                + expected);
      }
      data[i] = compact(f);
    }
    return new FrameDataset(spec, ids, labels.clone(), data);
  }

  /**
   * Bins every sample of {@code samples} on {@code threads} threads, with a progress bar on {@code
   * progress} (null for none).
   *
   * @throws IOException naming the first recording that could not be read
   */
  public static FrameDataset bin(
      List<LabelledSample> samples, BinningSpec spec, int threads, PrintWriter progress)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    ProgressBar bar = new ProgressBar(progress, "binning", samples.size(), "samples");
    Object[] data = new Object[samples.size()];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int chunk = Math.max(1, samples.size() / (threads * 8));
      for (int start = 0; start < samples.size(); start += chunk) {
        int from = start;
        int to = Math.min(samples.size(), start + chunk);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to; i++) {
                    data[i] = compact(binOne(samples.get(i), spec));
                    bar.advance(1, null);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binning", e);
    } finally {
      pool.shutdownNow();
    }
    bar.finish(null);
    List<String> ids = new ArrayList<>();
    int[] labels = new int[samples.size()];
    for (int i = 0; i < labels.length; i++) {
      ids.add(samples.get(i).id());
      labels[i] = samples.get(i).label();
    }
    return new FrameDataset(spec, ids, labels, data);
  }

  /** Bins one recording as one sample (window from its events), as the stream would. */
  static float[] binOne(LabelledSample sample, BinningSpec spec) {
    try (EventReader reader = EventFiles.open(sample.path())) {
      return SampleBinner.bin(spec, reader);
    } catch (IOException e) {
      String msg = e.getMessage();
      throw new UncheckedIOException(
          new IOException(
              msg != null && msg.contains(sample.path().toString())
                  ? msg
                  : sample.path() + ": " + msg,
              e));
    }
  }

  private static Object compact(float[] frames) {
    for (float v : frames) {
      if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
        return frames.clone();
      }
    }
    byte[] b = new byte[frames.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) frames[i];
    }
    return b;
  }

  public BinningSpec spec() {
    return spec;
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  /** Label of sample {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Identifier of sample {@code i} (relative path, or sensorId/sampleId for a topic). */
  public String id(int i) {
    return ids.get(i);
  }

  /** Largest label + 1 (0 for an empty dataset). */
  public int classesSeen() {
    int max = -1;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    return max + 1;
  }

  /** The frames of sample {@code i}, flat {@code [T][2][H][W]}, a fresh array. */
  public float[] frames(int i) {
    float[] out = new float[spec.timesteps() * spec.frameSize()];
    copyFrames(i, out, 0);
    return out;
  }

  /** Copies the frames of sample {@code i} into {@code dst} at {@code offset}. */
  public void copyFrames(int i, float[] dst, int offset) {
    Object d = data[i];
    if (d instanceof byte[] b) {
      for (int k = 0; k < b.length; k++) {
        dst[offset + k] = b[k] & 0xFF;
      }
    } else {
      float[] f = (float[]) d;
      System.arraycopy(f, 0, dst, offset, f.length);
    }
  }

  /** Bytes held by the frames (the compact storage). */
  public long storedBytes() {
    long sum = 0;
    for (Object d : data) {
      sum += d instanceof byte[] b ? b.length : 4L * ((float[]) d).length;
    }
    return sum;
  }
}
