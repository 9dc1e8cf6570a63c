package io.spikestream.trainer;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Tiny N-MNIST-layout datasets written with the dvs writers: class 0 is a vertical bar of ON events
 * in the left third of the 34×34 sensor sweeping downwards, class 1 the same in the right third
 * with OFF events. Separable in a few epochs by a small network.
 */
final class TinyDatasets {

  private TinyDatasets() {}

  /** {@code Train/<c>/<i>.bin} and {@code Test/<c>/<i>.bin}, classes "0" and "1". */
  static Path splitFolders(Path root, int trainPerClass, int testPerClass, long seed)
      throws IOException {
    Random random = new Random(seed);
    for (int c = 0; c < 2; c++) {
      write(root.resolve("Train").resolve(Integer.toString(c)), c, trainPerClass, random);
      write(root.resolve("Test").resolve(Integer.toString(c)), c, testPerClass, random);
    }
    return root;
  }

  /** {@code <class>/sample_<i>.bin}, classes "left" and "right" (CIFAR10-DVS-like layout). */
  static Path classFolders(Path root, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    write(root.resolve("left"), 0, perClass, random);
    write(root.resolve("right"), 1, perClass, random);
    return root;
  }

  private static void write(Path dir, int label, int count, Random random) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < count; i++) {
      EventBatch batch = new EventBatch();
      int x0 = label == 0 ? 2 + random.nextInt(8) : 24 + random.nextInt(8);
      long t = 0;
      for (int y = 0; y < 34; y++) {
        for (int k = 0; k < 3; k++) {
          int x = Math.min(33, x0 + random.nextInt(3));
          t += 50 + random.nextInt(50);
          batch.add(x, y, label == 0, t);
        }
      }
      try (EventWriter w =
          EventFiles.create(dir.resolve("sample_" + i + ".bin"), EventFileFormat.NMNIST_BIN)) {
        w.write(batch);
      }
    }
  }
}
