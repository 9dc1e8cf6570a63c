package io.spikestream.bench;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.Aedat4Writer;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.dvs.io.EventWriter;
import io.spikestream.dvs.io.stream.Aedat4Compression;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.ByteStreamDecoder;
import io.spikestream.dvs.io.stream.DatStreamDecoder;
import io.spikestream.dvs.io.stream.Evt2StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode throughput of the camera formats on real recordings ({@code ../shared/data}, see its
 * PROVENANCE.md), in events per second (the {@code events} counter; one operation = one whole
 * recording):
 *
 * <ul>
 *   <li>{@code stream}: the live-source path, a fresh {@link ByteStreamDecoder} over the
 *       recording's bytes already in memory, into one reused {@link EventBatch};
 *   <li>{@code file}: {@link EventFiles#open} on the page-cached file, read to the end in batches
 *       of 65,536 (header parse, file reads and the same decoder).
 * </ul>
 *
 * <p>Recordings: EVT2 = Prophesee Gen3 VGA EVT 2.0 (539,481 events), EVT3 = Gen4.1 HD EVT 3.0
 * (219,596 events), AEDAT4_LZ4 = a DVXplorer AEDAT 4.0 file as DV wrote it (LZ4, 111,954 events),
 * AEDAT4_ZSTD = the same events re-written by {@link Aedat4Writer} with ZSTD, DAT = one N-CARS
 * sample (2,009 events, so per-recording overhead weighs). Run on one core: {@code taskset -c 1
 * java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' org.openjdk.jmh.Main
 * CameraDecodeBenchmark} from the project root.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CameraDecodeBenchmark {

  @Param({"EVT2", "EVT3", "AEDAT4_LZ4", "AEDAT4_ZSTD", "DAT"})
  public String format;

  /** Folder of the shared recordings. */
  @Param({"../shared/data"})
  public String data;

  private Path file;
  private Path temporary;
  private ByteBuffer bytes;
  private int payloadStart;
  private SensorGeometry geometry;
  private int datRecordBytes;
  private static final int READ_BYTES = 1 << 16;

  private final EventBatch out = new EventBatch(1 << 20);
  private final EventBatch batch = new EventBatch(1 << 16);

  /** Events decoded, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path dir = Path.of(data);
    file =
        switch (format) {
          case "EVT2" -> dir.resolve("prophesee_evt2/expelliarmus_evt2_sample.raw");
          case "EVT3" -> dir.resolve("prophesee_evt3/expelliarmus_evt3_sample.raw");
          case "AEDAT4_LZ4", "AEDAT4_ZSTD" -> dir.resolve("aedat4/tonic_sample.aedat4");
          case "DAT" -> dir.resolve("prophesee_dat/tonic_sample_ncars.dat");
          default -> throw new IllegalArgumentException("unknown format " + format);
        };
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " not found: run from the project root or set -p data=DIR");
    }
    try (EventReader reader = EventFiles.open(file)) {
      geometry = reader.geometry();
    }
    if (format.equals("AEDAT4_ZSTD")) {
      temporary = Files.createTempFile("camera-bench", ".aedat4");
      try (EventReader reader = EventFiles.open(file);
          EventWriter w = Aedat4Writer.create(temporary, geometry, Aedat4Compression.ZSTD)) {
        while (reader.read(batch) > 0) {
          w.write(batch);
        }
      }
      file = temporary;
    }
    byte[] all = Files.readAllBytes(file);
    bytes = ByteBuffer.wrap(all);
    payloadStart = 0;
    if (format.equals("EVT2") || format.equals("EVT3") || format.equals("DAT")) {
      // the '%' header lines
      while (payloadStart < all.length && all[payloadStart] == '%') {
        while (all[payloadStart] != '\n') {
          payloadStart++;
        }
        payloadStart++;
      }
      if (format.equals("DAT")) {
        datRecordBytes = all[payloadStart + 1];
        payloadStart += 2;
      }
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    if (temporary != null) {
      Files.deleteIfExists(temporary);
    }
  }

  private ByteStreamDecoder decoder() {
    return switch (format) {
      case "EVT2" -> new Evt2StreamDecoder(geometry);
      case "EVT3" -> new Evt3StreamDecoder(geometry);
      case "DAT" -> new DatStreamDecoder(geometry, datRecordBytes, 0);
      default -> new Aedat4StreamDecoder(null);
    };
  }

  @Benchmark
  public long stream(Events counter) throws IOException {
    // as a live source sees it: reads of up to 64 KiB, each decoded into a batch that is then
    // handed on (cleared); a word or packet cut by a read waits for the next one
    ByteBuffer src = bytes.duplicate();
    src.position(payloadStart);
    ByteStreamDecoder d = decoder();
    long checksum = 0;
    int end = bytes.capacity();
    int limit = payloadStart;
    while (limit < end) {
      limit = Math.min(end, limit + READ_BYTES);
      src.limit(limit);
      out.clear();
      d.decode(src, out);
      int n = out.size();
      if (n > 0) {
        checksum += out.timestampsMicros()[n - 1];
        counter.events += n;
      }
    }
    if (d instanceof Aedat4StreamDecoder a) {
      a.close();
    }
    return checksum;
  }

  @Benchmark
  public long file(Events counter) throws IOException {
    long checksum = 0;
    try (EventReader reader = EventFiles.open(file)) {
      int n;
      while ((n = reader.read(batch)) > 0) {
        checksum += batch.timestampsMicros()[n - 1] + batch.xs()[n - 1];
        counter.events += n;
      }
    }
    return checksum;
  }
}
