package io.spikestream.dvs.emulator;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.LabeledImage;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emulates images {@code [offset, offset + limit)} of a source and writes them in the real
 * dataset's layout and format, so emulated and recorded data take the same path downstream:
 *
 * <ul>
 *   <li>{@link MotionProfile#NMNIST}: class folders {@code 0}..{@code 9} of N-MNIST {@code .bin}
 *       files named by the source index, {@code %05d.bin} (name order = source order);
 *   <li>{@link MotionProfile#CIFAR10DVS}: class folders {@code airplane}..{@code truck} of AEDAT
 *       2.0 files {@code cifar10_<class>_<i>.aedat}, {@code i} counting 0, 1, ... per class in
 *       source order. A source whose classes are not CIFAR-10's is mapped by class index (class k
 *       goes to the k-th CIFAR10-DVS folder).
 * </ul>
 *
 * No Train/Test folders are written: the dataset layouts' {@code SplitRule} (9:1 per class by
 * index) splits the result. Samples run in parallel; each sample's events depend only on the seed
 * and its source index.
 */
public final class EmulatedDataset {

  /** CIFAR10-DVS folder names in class-index order (DESIGN section 4). */
  public static final List<String> CIFAR10DVS_FOLDERS =
      io.spikestream.dvs.images.ClassNames.CIFAR10;

  /** Progress callback, called from worker threads. */
  @FunctionalInterface
  public interface Progress {
    void sampleDone(int done, int total, long events);
  }

  /** What was written. */
  public record Result(
      int samples, long events, long onEvents, int[] samplesPerClass, long elapsedNanos) {}

  private EmulatedDataset() {}

  /** The folder a class index goes to for a profile. */
  public static String folder(MotionProfile profile, int label) {
    if (label < 0 || label > 9) {
      throw new IllegalArgumentException(
          "class index must be in 0..9 for the " + profile + " layout, got " + label);
    }
    return switch (profile) {
      case NMNIST -> Integer.toString(label);
      case CIFAR10DVS -> CIFAR10DVS_FOLDERS.get(label);
    };
  }

  /**
   * Emulates and writes.
   *
   * @throws IOException when an image cannot be read or a file cannot be written
   */
  public static Result write(
      ImageSource source,
      DvsEmulator emulator,
      int offset,
      int limit,
      Path out,
      int threads,
      Progress progress)
      throws IOException {
    if (offset < 0 || offset >= source.size()) {
      throw new IllegalArgumentException(
          "offset must be in 0.." + (source.size() - 1) + ", got " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (source.classNames().size() > 10) {
      throw new IllegalArgumentException(
          "the source has "
              + source.classNames().size()
              + " classes; the N-MNIST and CIFAR10-DVS layouts hold 10");
    }
    MotionProfile profile = emulator.config().profile();
    int count = Math.min(limit, source.size() - offset);
    // file names first, in source order, so that per-class indices do not depend on threads
    int[] labels = new int[count];
    int[] perClass = new int[10];
    Path[] files = new Path[count];
    for (int k = 0; k < count; k++) {
      int index = offset + k;
      int label = source.get(index).label();
      labels[k] = label;
      String folder = folder(profile, label);
      String name =
          switch (profile) {
            case NMNIST -> String.format("%05d.bin", index);
            case CIFAR10DVS -> "cifar10_" + folder + "_" + perClass[label] + ".aedat";
          };
      perClass[label]++;
      files[k] = out.resolve(folder).resolve(name);
    }
    for (int c = 0; c < 10; c++) {
      if (perClass[c] > 0) {
        Files.createDirectories(out.resolve(folder(profile, c)));
      }
    }
    EventFileFormat format =
        profile == MotionProfile.NMNIST ? EventFileFormat.NMNIST_BIN : EventFileFormat.AEDAT2;
    AtomicInteger done = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    AtomicLong onEvents = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      for (int w = 0; w < threads; w++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                    try {
                      LabeledImage image = source.get(offset + k);
                      EventBatch batch = emulator.emulate(image.image(), offset + k);
                      try (EventWriter writer = EventFiles.create(files[k], format)) {
                        writer.write(batch);
                      }
                      events.addAndGet(batch.size());
                      onEvents.addAndGet(batch.countOn());
                      progress.sampleDone(done.incrementAndGet(), count, events.get());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return new Result(count, events.get(), onEvents.get(), perClass, System.nanoTime() - start);
  }
}
