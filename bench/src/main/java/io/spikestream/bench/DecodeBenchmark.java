package io.spikestream.bench;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.dvs.io.EventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File decode throughput of the dvs readers in events per second: one operation = open a
 * page-cached recording of {@value #EVENTS} events written by the project's writer, read it to the
 * end in batches of 65,536 into one reused {@link EventBatch}, close. AEDAT 2.0: 128x128, 5 us mean
 * gaps; N-MNIST .bin: 34x34, 20 us gaps (crossing 2^23 us, so overflow markers occur).
 *
 * <p>Run on one core: {@code taskset -c 1 java -cp
 * 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' org.openjdk.jmh.Main DecodeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

  static final int EVENTS = 4_000_000;

  @Param({"AEDAT2", "NMNIST_BIN"})
  public String format;

  private Path file;
  private final EventBatch batch = new EventBatch(1 << 16);

  @Setup(Level.Trial)
  public void write() throws IOException {
    EventFileFormat f = EventFileFormat.valueOf(format);
    SensorGeometry g = f == EventFileFormat.AEDAT2 ? SensorGeometry.DVS128 : SensorGeometry.NMNIST;
    int meanGap = f == EventFileFormat.AEDAT2 ? 5 : 20;
    file = Files.createTempFile("decode-bench", f == EventFileFormat.AEDAT2 ? ".aedat" : ".bin");
    Random r = new Random(42);
    EventBatch b = new EventBatch(1 << 16);
    long t = 0;
    try (EventWriter w = EventFiles.create(file, f)) {
      for (int i = 0; i < EVENTS; i++) {
        b.add(r.nextInt(g.width()), r.nextInt(g.height()), r.nextBoolean(), t);
        t += r.nextInt(2 * meanGap);
        if (b.size() == b.capacity()) {
          w.write(b);
          b.clear();
        }
      }
      w.write(b);
    }
    // warm the page cache
    Files.readAllBytes(file);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long decode() throws IOException {
    long checksum = 0;
    try (EventReader reader = EventFiles.open(file)) {
      int n;
      while ((n = reader.read(batch)) > 0) {
        checksum += batch.timestampsMicros()[n - 1] + batch.xs()[n - 1];
      }
    }
    return checksum;
  }
}
