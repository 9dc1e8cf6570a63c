package io.spikestream.bench;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterChain;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Filter throughput in input events per second: one operation = reset the chain, then copy the real
 * DVS128 recording ({@code aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat}, 130,114
 * events, read from {@code -Dspikestream.shared.dir}, default {@code ../shared}) packet by packet
 * (4,096 events) into a reused batch and filter each packet, as the camera bridge does. {@code
 * none} is the empty chain (copy + off-geometry check): the baseline to subtract.
 *
 * <p>Run on one core: {@code taskset -c 1 java -Dspikestream.shared.dir=../shared -cp
 * 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' org.openjdk.jmh.Main FilterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBenchmark {

  static final String RECORDING = "aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat";
  static final int PACKET = 4096;

  /** Events in the recording (checked at setup), so that one operation is one input event. */
  static final int EVENTS = 130_114;

  @Param({
    "none",
    "denoise:dt=10ms",
    "refractory:1ms",
    "hotpixel:calibrate=100ms",
    "roi:x=16,y=16,w=96,h=96",
    "downsample:2",
    "polarity:on",
    "denoise:10ms|refractory:1ms|roi:x=16,y=16,w=96,h=96|downsample:2"
  })
  public String chainSpec;

  private EventBatch recording;
  private FilterChain chain;
  private final EventBatch packet = new EventBatch(PACKET);

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path file =
        Path.of(System.getProperty("spikestream.shared.dir", "../shared"), "data", RECORDING);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " not found: set -Dspikestream.shared.dir to the folder holding data/");
    }
    recording = new EventBatch(1 << 17);
    EventBatch chunk = new EventBatch(1 << 14);
    SensorGeometry g;
    try (EventReader r = EventFiles.open(file)) {
      while (r.read(chunk) > 0) {
        recording.addAll(chunk);
      }
      g = r.geometry();
    }
    if (recording.size() != EVENTS) {
      throw new IOException(file + " holds " + recording.size() + " events, expected " + EVENTS);
    }
    List<String> specs = chainSpec.equals("none") ? List.of() : List.of(chainSpec.split("\\|"));
    chain = FilterChain.parse(specs, g);
  }

  /** Events of the recording: the operations of one invocation. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void filterRecording(Blackhole bh) {
    chain.reset();
    int n = recording.size();
    long kept = 0;
    for (int from = 0; from < n; from += PACKET) {
      packet.clear();
      packet.addAll(recording, from, Math.min(PACKET, n - from));
      chain.apply(packet);
      kept += packet.size();
    }
    bh.consume(kept);
  }
}
