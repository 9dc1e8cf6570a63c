package io.spikestream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's top-level files are: the build passes its root as a system property. */
final class RepoFiles {
  private RepoFiles() {}

  /** The repository root ({@code spikestream.repo.dir}, set by the deploy module's surefire). */
  static Path root() {
    String dir = System.getProperty("spikestream.repo.dir");
    Path root = dir != null ? Path.of(dir) : Path.of("..");
    assertThat(root.resolve("pom.xml"))
        .as("repository root (system property spikestream.repo.dir)")
        .isRegularFile();
    return root.toAbsolutePath().normalize();
  }

  static Path file(String name) {
    Path p = root().resolve(name);
    assertThat(Files.isRegularFile(p)).as(name + " at the repository root").isTrue();
    return p;
  }

  /** The Kafka version of the parent pom ({@code spikestream.kafka.version}). */
  static String kafkaVersion() {
    String v = System.getProperty("spikestream.kafka.version");
    assertThat(v).as("system property spikestream.kafka.version").isNotBlank();
    return v;
  }
}
