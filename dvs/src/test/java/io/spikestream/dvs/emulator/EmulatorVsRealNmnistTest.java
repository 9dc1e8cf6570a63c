package io.spikestream.dvs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.images.ClassNames;
import io.spikestream.dvs.images.IdxImages;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Emulated N-MNIST-like samples from Fashion-MNIST against the real N-MNIST recordings of
 * ../shared/data: the mean events per sample, ON fraction, span and per-saccade balance must be in
 * the real range (docs/emulator.md). Skips when either data set is absent.
 */
class EmulatorVsRealNmnistTest {

  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

  private static EventStatistics[] real() throws IOException {
    String shared = System.getProperty("spikestream.shared.dir");
    assumeTrue(shared != null, "spikestream.shared.dir not set: real N-MNIST recordings absent");
    Path dir = Path.of(shared, "data", "nmnist_bs2");
    assumeTrue(Files.isDirectory(dir), dir + " absent: real N-MNIST recordings not available");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".bs2")).sorted().toList();
    }
    EventStatistics[] stats = new EventStatistics[files.size()];
    for (int i = 0; i < stats.length; i++) {
      EventBatch all = new EventBatch();
      EventBatch chunk = new EventBatch(8192);
      try (EventReader reader = EventFiles.open(files.get(i))) {
        while (reader.read(chunk) > 0) {
          all.addAll(chunk);
        }
      }
      stats[i] = EventStatistics.of(all, all.timestampMicros(0), 306_000, 3);
    }
    return stats;
  }

  @Test
  void emulatedFashionMnistIsInTheRealNmnistRange() throws IOException {
    EventStatistics[] real = real();
    Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
    assumeTrue(Files.isRegularFile(images), images + " absent (Debian dataset-fashion-mnist)");
    IdxImages source =
        IdxImages.read(
            images, FASHION.resolve("t10k-labels-idx1-ubyte.gz"), ClassNames.FASHION_MNIST);
    DvsEmulator emulator = new DvsEmulator(EmulatorConfig.defaults(MotionProfile.NMNIST), 1);
    int n = 100;
    double emulatedEvents = 0;
    double emulatedOn = 0;
    double emulatedSpan = 0;
    double[] thirds = new double[3];
    for (int i = 0; i < n; i++) {
      EventBatch events = emulator.emulate(source.get(i).image(), i);
      EventStatistics s = EventStatistics.of(events, events.timestampMicros(0), 306_000, 3);
      emulatedEvents += s.events() / (double) n;
      emulatedOn += s.onFraction() / n;
      emulatedSpan += s.spanMicros() / (double) n;
      for (int k = 0; k < 3; k++) {
        thirds[k] += s.perSegment()[k] / (double) n;
      }
    }
    double realEvents = 0;
    double realOn = 0;
    double realSpan = 0;
    int realMin = Integer.MAX_VALUE;
    int realMax = 0;
    for (EventStatistics s : real) {
      realEvents += s.events() / (double) real.length;
      realOn += s.onFraction() / real.length;
      realSpan += s.spanMicros() / (double) real.length;
      realMin = Math.min(realMin, s.events());
      realMax = Math.max(realMax, s.events());
    }
    assertThat(emulatedEvents).isBetween((double) realMin, (double) realMax);
    assertThat(emulatedEvents / realEvents).isBetween(0.75, 1.33);
    assertThat(emulatedOn).isCloseTo(realOn, org.assertj.core.data.Offset.offset(0.03));
    assertThat(emulatedSpan / realSpan).isBetween(0.95, 1.05);
    for (double third : thirds) {
      assertThat(third / emulatedEvents).isBetween(0.25, 0.42); // three comparable saccades
    }
  }
}
