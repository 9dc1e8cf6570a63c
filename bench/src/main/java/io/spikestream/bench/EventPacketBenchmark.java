package io.spikestream.bench;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EventPacket encode and decode in events per second, packets of {@value #EVENTS} events. {@code
 * encode} = {@link EventPacketCodec#encode} from parallel arrays + single-object serialisation to
 * bytes; {@code decode} = single-object deserialisation (with its structural and layout checks) +
 * {@link EventPacketCodec#decode} into reusable columns. The {@code codecOnly*} pair leaves Avro
 * out, to show its share.
 *
 * <p>Events: {@code NMNIST} = 34x34, mean 20 us between events (an N-MNIST saccade holds ~4,000
 * events in ~100 ms); {@code DVS128} = 128x128, mean 5 us (dense CIFAR10-DVS recordings); both
 * monotonic, exponential gaps, clustered coordinates, random polarity.
 *
 * <p>Run: {@code taskset -c 1 java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * org.openjdk.jmh.Main EventPacket -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventPacketBenchmark {

  static final int EVENTS = 1000;

  /** Which recording the synthetic events imitate. */
  @Param({"NMNIST", "DVS128"})
  public String geometry;

  private int size;
  private int[] xs;
  private int[] ys;
  private boolean[] on;
  private long[] ts;
  private SampleInfo sample;
  private final EventPacketCodec codec = new EventPacketCodec();
  private final EventColumns columns = new EventColumns(EVENTS);
  private final SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
  private EventPacket packet;
  private byte[] bytes;
  private long sequence;

  @Setup
  public void setUp() {
    boolean nmnist = geometry.equals("NMNIST");
    size = nmnist ? 34 : 128;
    double meanGapMicros = nmnist ? 20 : 5;
    Random r = new Random(2021);
    xs = new int[EVENTS];
    ys = new int[EVENTS];
    on = new boolean[EVENTS];
    ts = new long[EVENTS];
    long t = 1_700_000_000_000L;
    double cx = size / 2.0;
    double cy = size / 2.0;
    for (int i = 0; i < EVENTS; i++) {
      // a drifting blob of activity, as an edge moving over the sensor
      cx += r.nextGaussian() * 0.2;
      cy += r.nextGaussian() * 0.2;
      xs[i] = clamp((int) Math.round(cx + r.nextGaussian() * size / 8.0));
      ys[i] = clamp((int) Math.round(cy + r.nextGaussian() * size / 8.0));
      on[i] = r.nextBoolean();
      t += (long) (-Math.log(1 - r.nextDouble()) * meanGapMicros);
      ts[i] = t;
    }
    sample =
        SampleInfo.newBuilder()
            .setSampleId(nmnist ? "Test/3/00042.bin" : "airplane/cifar10_airplane_901.aedat")
            .setLabel(3)
            .setLabelName(nmnist ? "3" : "airplane")
            .setSampleStartMicros(ts[0])
            .setSampleDurationMicros(300_000)
            .build();
    packet = codec.encode("sensor-0", 0, size, size, xs, ys, on, ts, 0, EVENTS, sample);
    bytes = serde.serialize("dvs.events", packet);
  }

  private int clamp(int v) {
    return Math.max(0, Math.min(size - 1, v));
  }

  /** Serialized bytes per event of the benchmark packet (printed by {@link #main}). */
  double bytesPerEvent() {
    return (double) bytes.length / EVENTS;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public byte[] encode() {
    EventPacket p =
        codec.encode("sensor-0", sequence++, size, size, xs, ys, on, ts, 0, EVENTS, sample);
    return serde.serialize("dvs.events", p);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int decode() {
    EventPacket p = serde.deserialize("dvs.events", bytes);
    return codec.decode(p, columns, OutOfRange.DROP);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public EventPacket codecOnlyEncode() {
    return codec.encode("sensor-0", sequence++, size, size, xs, ys, on, ts, 0, EVENTS, sample);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int codecOnlyDecode() {
    return codec.decode(packet, columns, OutOfRange.DROP);
  }

  /** Prints the serialized size per event of both geometries. */
  public static void main(String[] args) {
    for (String g : new String[] {"NMNIST", "DVS128"}) {
      EventPacketBenchmark b = new EventPacketBenchmark();
      b.geometry = g;
      b.setUp();
      System.out.printf(
          "%s: %d bytes per packet of %d events, %.2f B/event%n",
          g, b.bytes.length, EVENTS, b.bytesPerEvent());
    }
  }
}
