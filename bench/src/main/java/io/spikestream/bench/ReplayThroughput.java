package io.spikestream.bench;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.Compression;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySummary;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Replay throughput into the in-process broker: dense DVS128-like samples (200,000 events over 1.3
 * s each, like a CIFAR10-DVS recording) replayed at {@code --speed max} through the whole producer
 * path (sample load, event-time layout, packing, single-object serialisation, idempotent acks=all
 * send, flush). Broker and producer share this JVM and the machine's cores.
 *
 * <p>Usage: {@code java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * io.spikestream.bench.ReplayThroughput [samples] [packetEvents] [compression,...] [linger,...]
 * [batchKiB,...]}; a list runs every combination, each after a warm-up run, twice. Columns:
 * events/s and MB/s of serialized values acknowledged per wall-clock second; B/event serialized;
 * disk B/ev = the topic's log size on the broker (compressed batches) per event.
 */
public final class ReplayThroughput {

  private static final int EVENTS_PER_SAMPLE = 200_000;
  private static final long SAMPLE_SPAN_MICROS = 1_300_000;
  private static final int DISTINCT_SAMPLES = 8;
  private static final int REPEATS = 2;

  private ReplayThroughput() {}

  public static void main(String[] args) throws IOException {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int packetEvents = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    String[] codecs = (args.length > 2 ? args[2] : "lz4").split(",");
    String[] lingers = (args.length > 3 ? args[3] : "5").split(",");
    String[] batches = (args.length > 4 ? args[4] : "512").split(",");

    List<EventBatch> pool = new ArrayList<>();
    for (int i = 0; i < DISTINCT_SAMPLES; i++) {
      pool.add(denseSample(new Random(42 + i)));
    }
    List<ReplaySample> replay = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      EventBatch events = pool.get(i % DISTINCT_SAMPLES);
      replay.add(
          ReplaySample.of(
              "bench/" + i,
              i % 10,
              null,
              into -> {
                into.clear();
                into.addAll(events);
                return SensorGeometry.DVS128;
              }));
    }
    System.out.printf(
        Locale.ROOT,
        "%d samples x %,d events, packets of <= %d events, 1 sensor (1 partition)%n",
        samples,
        EVENTS_PER_SAMPLE,
        packetEvents);
    System.out.printf(
        Locale.ROOT,
        "%-6s %6s %8s %14s %8s %10s %10s%n",
        "codec",
        "linger",
        "batchKiB",
        "events/s",
        "MB/s",
        "B/event",
        "disk B/ev");
    int run = 0;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      for (String codec : codecs) {
        for (String linger : lingers) {
          for (String batch : batches) {
            ReplayConfig config =
                ReplayConfig.defaults(broker.bootstrapServers())
                    .withSpeed(Double.POSITIVE_INFINITY)
                    .withPacketLimits(packetEvents, 0)
                    .withProducerTuning(
                        Compression.valueOf(codec.toUpperCase(Locale.ROOT)),
                        Integer.parseInt(linger),
                        Integer.parseInt(batch) * 1024);
            // warm-up on its own topic, then the measured run on a fresh one
            String warm = "bench-warm-" + run++;
            broker.createTopic(warm, 1);
            new ReplayProducer(config.withTopic(warm), SpikestreamSerdes.eventPacket().serializer())
                .replay(replay.subList(0, Math.min(samples, 20)), null);
            for (int rep = 0; rep < REPEATS; rep++) {
              String topic = "bench-" + run++;
              broker.createTopic(topic, 1);
              ReplaySummary s =
                  new ReplayProducer(
                          config.withTopic(topic), SpikestreamSerdes.eventPacket().serializer())
                      .replay(replay, null);
              System.out.printf(
                  Locale.ROOT,
                  "%-6s %6s %8s %,14.0f %8.1f %10.2f %10.2f%n",
                  codec,
                  linger,
                  batch,
                  s.eventsPerSecond(),
                  s.megabytesPerSecond(),
                  (double) s.bytes() / s.events(),
                  (double) logBytes(admin, topic) / s.events());
            }
          }
        }
      }
    }
  }

  /** Bytes the topic's log takes on the broker's disk (after compression, with batch headers). */
  static long logBytes(Admin admin, String topic) {
    try {
      long total = 0;
      for (Map<String, LogDirDescription> dirs :
          admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
        for (LogDirDescription d : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              total += e.getValue().size();
            }
          }
        }
      }
      return total;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A DVS128-like sample: events clustered around a moving blob (as an object edge), both
   * polarities, timestamps increasing by 0..12 µs (mean ≈ 6.5 µs: 200,000 events in 1.3 s).
   */
  static EventBatch denseSample(Random r) {
    EventBatch b = new EventBatch(EVENTS_PER_SAMPLE);
    long t = r.nextInt(1000);
    for (int i = 0; i < EVENTS_PER_SAMPLE; i++) {
      double phase = (double) i / EVENTS_PER_SAMPLE;
      int cx = 64 + (int) (30 * Math.cos(6.28 * phase));
      int cy = 64 + (int) (30 * Math.sin(6.28 * phase));
      int x = Math.min(127, Math.max(0, cx + (int) (r.nextGaussian() * 18)));
      int y = Math.min(127, Math.max(0, cy + (int) (r.nextGaussian() * 18)));
      b.add(x, y, r.nextBoolean(), t);
      t += r.nextInt(13);
    }
    if (b.timestampMicros(EVENTS_PER_SAMPLE - 1) > SAMPLE_SPAN_MICROS + 1000) {
      throw new IllegalStateException("sample longer than intended");
    }
    return b;
  }
}
