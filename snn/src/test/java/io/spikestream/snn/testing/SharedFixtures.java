package io.spikestream.snn.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.snn.artifact.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared fixtures ({@code spikestream.shared.dir}) for tests; skips when absent. */
public final class SharedFixtures {

  private SharedFixtures() {}

  /** The shared folder, or a skipped test when the property or the folder is missing. */
  public static Path sharedDir() {
    String shared = System.getProperty("spikestream.shared.dir");
    assumeTrue(
        shared != null && Files.isDirectory(Path.of(shared)),
        "shared fixtures not found (system property spikestream.shared.dir = "
            + shared
            + "): skipping");
    return Path.of(shared);
  }

  /** The interop fixture folder ({@code <shared>/interop}), or a skipped test. */
  public static Path interopDir() {
    Path dir = sharedDir().resolve("interop");
    assumeTrue(Files.isDirectory(dir), "interop fixture " + dir + " not found: skipping");
    return dir;
  }

  /** Reads a .npy file. */
  public static NpyArray npy(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NpyArray.read(in, file.toString());
    }
  }

  /** Splits a {@code [T, ...]} float array into T flat frames. */
  public static float[][] frames(NpyArray array) {
    int[] shape = array.shape();
    int t = shape[0];
    float[] all = array.floats();
    int per = all.length / t;
    float[][] out = new float[t][per];
    for (int i = 0; i < t; i++) {
      System.arraycopy(all, i * per, out[i], 0, per);
    }
    return out;
  }
}
