package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.dataset.Cifar10DvsLayout;
import io.spikestream.dvs.io.Aedat2Writer;
import io.spikestream.dvs.io.EventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Writes small jAER AEDAT 2.0 DVS128 recordings for tests, with the dvs module's writer. */
final class Aedat2TestFiles {

  private Aedat2TestFiles() {}

  static void write(Path file, EventBatch events) throws IOException {
    Files.createDirectories(file.getParent());
    try (EventWriter w = Aedat2Writer.create(file)) {
      w.write(events);
    }
  }

  /** Random DVS128 events with non-decreasing timestamps from {@code t0}. */
  static EventBatch randomEvents(Random r, int n, long t0) {
    EventBatch b = new EventBatch(Math.max(1, n));
    long t = t0;
    for (int i = 0; i < n; i++) {
      b.add(r.nextInt(128), r.nextInt(128), r.nextBoolean(), t);
      t += r.nextInt(40);
    }
    return b;
  }

  /**
   * A CIFAR10-DVS-layout folder: for each class index given, files {@code
   * cifar10_<class>_<i>.aedat} with the given indices; returns sample id to events, in the layout's
   * order.
   */
  static Map<String, EventBatch> cifar10DvsFolder(
      Path root, int[] classes, int[] indices, long seed) throws IOException {
    Random r = new Random(seed);
    Map<String, EventBatch> written = new LinkedHashMap<>();
    for (int c : classes) {
      String name = Cifar10DvsLayout.CLASSES.get(c);
      for (int i : indices) {
        EventBatch events = randomEvents(r, 200 + r.nextInt(1500), r.nextInt(10_000));
        String file = "cifar10_" + name + "_" + i + ".aedat";
        write(root.resolve(name).resolve(file), events);
        written.put(name + "/" + file, events);
      }
    }
    return written;
  }
}
