package io.spikestream.dvs.emulator;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prints {@link EventStatistics} per folder (every event file below it, recursively) as a Markdown
 * table row, to compare emulated and real datasets (docs/emulator.md). Each sample's window starts
 * at its first event; segments are thirds of {@code 306 ms} (N-MNIST's three saccades).
 *
 * <p>Usage: {@code java -cp dvs/target/classes io.spikestream.dvs.emulator.CompareStatistics [--max
 * N] FOLDER...}
 */
public final class CompareStatistics {

  private static final long WINDOW_MICROS = 306_000;

  private CompareStatistics() {}

  public static void main(String[] args) throws IOException {
    int max = Integer.MAX_VALUE;
    int first = 0;
    if (args.length >= 2 && args[0].equals("--max")) {
      max = Integer.parseInt(args[1]);
      first = 2;
    }
    System.out.println(
        "| data | samples | events/sample mean (min..max) | ON fraction | span µs mean |"
            + " events per third (mean) |");
    System.out.println("|---|---|---|---|---|---|");
    for (int a = first; a < args.length; a++) {
      Path root = Path.of(args[a]);
      List<Path> files;
      try (Stream<Path> s = Files.walk(root)) {
        files =
            s.filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().endsWith(".json"))
                .filter(p -> !p.getFileName().toString().endsWith(".md"))
                .sorted()
                .limit(max)
                .toList();
      }
      long events = 0;
      long on = 0;
      long span = 0;
      int min = Integer.MAX_VALUE;
      int most = 0;
      long[] thirds = new long[3];
      EventBatch all = new EventBatch();
      EventBatch chunk = new EventBatch(65536);
      for (Path f : files) {
        all.clear();
        try (EventReader reader = EventFiles.open(f)) {
          while (reader.read(chunk) > 0) {
            all.addAll(chunk);
          }
        }
        long start = all.isEmpty() ? 0 : all.timestampMicros(0);
        EventStatistics s = EventStatistics.of(all, start, WINDOW_MICROS, 3);
        events += s.events();
        on += all.countOn();
        span += s.spanMicros();
        min = Math.min(min, s.events());
        most = Math.max(most, s.events());
        for (int k = 0; k < 3; k++) {
          thirds[k] += s.perSegment()[k];
        }
      }
      int n = files.size();
      if (n == 0) {
        System.out.println("| " + root + " | 0 | | | | |");
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.0f (%d..%d) | %.3f | %.0f | %.0f / %.0f / %.0f |%n",
          root,
          n,
          (double) events / n,
          min,
          most,
          (double) on / Math.max(1, events),
          (double) span / n,
          (double) thirds[0] / n,
          (double) thirds[1] / n,
          (double) thirds[2] / n);
    }
  }
}
