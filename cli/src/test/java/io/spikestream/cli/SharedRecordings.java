package io.spikestream.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings of {@code ../shared/data} (system property {@code spikestream.shared.dir},
 * set by the build); a test that needs one is skipped, saying which, when it is absent.
 */
final class SharedRecordings {

  private SharedRecordings() {}

  /** {@code <shared>/data/<relative>}, or an aborted (skipped) test when the file is missing. */
  static Path path(String relative) {
    String dir = System.getProperty("spikestream.shared.dir");
    Path file = dir == null ? null : Path.of(dir, "data", relative);
    assumeTrue(
        file != null && Files.isRegularFile(file),
        "shared recording " + relative + " not found (spikestream.shared.dir = " + dir + ")");
    return file;
  }
}
