package io.spikestream.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Ingest throughput of the streams app on the in-process broker: dense CIFAR10-DVS-like samples
 * (200,000 events over 1.3 s, 128x128) are loaded into {@code dvs.events} first, then one app
 * instance (exactly_once_v2) validates, bins (N_BINS, T = 8, 48x48, counts) and runs a tiny {@code
 * f16} network so that events, not inference, dominate. Reports events/s from the first event
 * decoded to the last one binned, as seen by the app's own meters.
 *
 * <p>Usage: {@code java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * io.spikestream.bench.IngestThroughput [samples] [sensors] [streamThreads] [architecture]
 * [frameSize]} (defaults 40 4 2 f16 48); also prints samples/s and the step latency p50 / p99 (bin
 * closed to step done, the app's {@code spikestream.step.latency} timer).
 */
public final class IngestThroughput {
  private static final int PACKET_EVENTS = 4096;

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String arch = args.length > 3 ? args[3] : "f16";
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 48;
    Path dir = Files.createTempDirectory("ingest-bench");
    BinningSpec binning = BinningSpec.nBins(8, size, size, FrameValue.COUNT);
    NetworkConfig net = NetworkConfig.of(Architecture.parse(arch), 2, size, size, 10, 8);
    ModelArtifact model = ModelArtifact.of(ModelParameters.initialise(net, 1), binning);
    Path modelFile = dir.resolve("model.zip");
    ModelArtifacts.writeZip(model, modelFile);

    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      Topics topics = Topics.defaults();
      broker.createTopic(topics.events().name(), 4);
      broker.createTopic(topics.eventsDlq().name(), 1);
      broker.createTopic(topics.classifications().name(), 4);
      broker.createTopic(topics.models().name(), 1, Map.of("cleanup.policy", "compact"));
      long total = load(broker, topics, samples, sensors);
      System.out.printf("loaded %d samples, %,d events%n", samples, total);

      AppConfig config =
          new AppConfig(
              "ingest-bench",
              broker.bootstrapServers(),
              topics,
              modelFile,
              dir.resolve("state"),
              0,
              "localhost",
              AppConfig.DEFAULT_PUNCTUATION_INTERVAL,
              Duration.ofSeconds(60),
              AppConfig.DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
              AppConfig.DEFAULT_COMMIT_INTERVAL);
      Properties overrides = new Properties();
      overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
      try (StreamsApp app = StreamsApp.start(config, overrides)) {
        var in = app.metrics().registry().counter("spikestream.events.in");
        var binned = app.metrics().registry().counter("spikestream.events.binned");
        var classified = app.metrics().registry().counter("spikestream.classifications");
        while (in.count() == 0) {
          Thread.sleep(1);
        }
        long start = System.nanoTime();
        while (classified.count() < samples) {
          Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "%,.0f events binned in %.2f s: %,.0f events/s; %,.0f classifications;"
                + " %d stream thread(s), %d sensor(s)%n",
            binned.count(),
            seconds,
            binned.count() / seconds,
            classified.count(),
            threads,
            sensors);
        System.out.printf(
            "%.1f samples/s; %s on 2x%dx%d, T = 8%n", samples / seconds, arch, size, size);
        Timer steps = app.metrics().registry().get("spikestream.step.latency").timer();
        for (ValueAtPercentile v : steps.takeSnapshot().percentileValues()) {
          System.out.printf(
              "step latency p%.0f: %.3f ms (%d steps)%n",
              v.percentile() * 100, v.value(TimeUnit.MILLISECONDS), steps.count());
        }
      }
    }
  }

  private static long load(LocalKafkaBroker broker, Topics topics, int samples, int sensors) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    EventPacketCodec codec = new EventPacketCodec();
    long total = 0;
    try (KafkaProducer<String, EventPacket> producer =
        new KafkaProducer<>(
            p, new StringSerializer(), SpikestreamSerdes.eventPacket().serializer())) {
      EventBatch[] pool = new EventBatch[4];
      for (int i = 0; i < pool.length; i++) {
        pool[i] = ReplayThroughput.denseSample(new Random(42 + i));
      }
      for (int s = 0; s < samples; s++) {
        EventBatch b = pool[s % pool.length];
        String sensor = "cam-" + (s % sensors);
        long offset = (long) (s / sensors) * 2_000_000L;
        long[] ts = b.timestampsMicros().clone();
        for (int i = 0; i < ts.length; i++) {
          ts[i] += offset;
        }
        int n = b.size();
        for (int from = 0, seq = 0; from < n; from += PACKET_EVENTS, seq++) {
          int count = Math.min(PACKET_EVENTS, n - from);
          SampleInfo info =
              SampleInfo.newBuilder()
                  .setSampleId("s" + s)
                  .setLabel(null)
                  .setLabelName(null)
                  .setSampleStartMicros(offset)
                  .setSampleDurationMicros(1_301_000L)
                  .setEndOfSample(from + count == n)
                  .build();
          EventPacket packet =
              codec.encode(
                  sensor, seq, 128, 128, b.xs(), b.ys(), b.polarities(), ts, from, count, info);
          producer.send(new ProducerRecord<>(topics.events().name(), sensor, packet));
        }
        total += n;
      }
      producer.flush();
    }
    return total;
  }
}
