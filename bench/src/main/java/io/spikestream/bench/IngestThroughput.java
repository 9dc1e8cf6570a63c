package io.spikestream.bench;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySources;
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
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Ingest throughput of the streams app on the in-process broker: dense CIFAR10-DVS-like samples are
 * loaded into {@code dvs.events} first, then one app instance (exactly_once_v2) validates, bins
 * (N_BINS, T = 8, 48x48, counts) and runs a tiny {@code f16} network so that events, not inference,
 * dominate. Reports events/s from the first event decoded to the last classification, as seen by
 * the app's own meters, and the CPU time the process and the stream threads used over that span
 * (events per CPU-second is what the machine's load does not change much).
 *
 * <p>Usage: {@code java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * io.spikestream.bench.IngestThroughput [samples] [sensors] [streamThreads] [architecture]
 * [frameSize] [--data=DIR] [--warmup=N] [streams.property=value ...]} (defaults 40 4 2 f16 48; with
 * {@code --warmup=N} the measurement starts after the N-th classification). Without {@code --data}
 * the samples are the {@code ReplayThroughput} generator's (200,000 events over 1.3 s, 128x128,
 * packets of 4,096 events); with it, the first {@code samples} recordings of a dataset folder (e.g.
 * one made by {@code spikestream emulate --profile cifar10dvs}) are replayed through the replay
 * producer. Also prints samples/s and the app's step and sample latency p50 / p99.
 */
public final class IngestThroughput {
  private static final int PACKET_EVENTS = 4096;

  private IngestThroughput() {}

  public static void main(String[] args) throws Exception {
    List<String> pos = StreamBenchHarness.positional(args);
    int samples = pos.size() > 0 ? Integer.parseInt(pos.get(0)) : 40;
    int sensors = pos.size() > 1 ? Integer.parseInt(pos.get(1)) : 4;
    int threads = pos.size() > 2 ? Integer.parseInt(pos.get(2)) : 2;
    String arch = pos.size() > 3 ? pos.get(3) : "f16";
    int size = pos.size() > 4 ? Integer.parseInt(pos.get(4)) : 48;
    String data = StreamBenchHarness.option(args, "data", null);
    int warmup = Integer.parseInt(StreamBenchHarness.option(args, "warmup", "0"));
    Path dir = Files.createTempDirectory("ingest-bench");
    BinningSpec binning = BinningSpec.nBins(8, size, size, FrameValue.COUNT);
    NetworkConfig net = NetworkConfig.of(Architecture.parse(arch), 2, size, size, 10, 8);
    ModelArtifact model = ModelArtifact.of(ModelParameters.initialise(net, 1), binning);
    Path modelFile = dir.resolve("model.zip");
    ModelArtifacts.writeZip(model, modelFile);

    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      Topics topics = StreamBenchHarness.createTopics(broker, 4);
      long total;
      if (data == null) {
        total = load(broker, topics, samples, sensors);
      } else {
        List<ReplaySample> all = ReplaySources.open(Path.of(data), "all");
        samples = Math.min(samples, all.size());
        total = StreamBenchHarness.replay(broker, topics, all.subList(0, samples), sensors);
      }
      System.out.printf(
          "loaded %d samples, %,d events (%s)%n",
          samples, total, data == null ? "generated" : data);

      AppConfig config =
          StreamBenchHarness.appConfig(
              "ingest-bench",
              broker,
              topics,
              modelFile,
              dir.resolve("state"),
              AppConfig.DEFAULT_COMMIT_INTERVAL);
      Properties overrides = StreamBenchHarness.overrides(args);
      overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
      System.out.println("overrides " + overrides + ", " + StreamBenchHarness.load());
      try (StreamsApp app = StreamsApp.start(config, overrides)) {
        StreamBenchHarness.Run run = StreamBenchHarness.measure(app, samples, warmup);
        System.out.println(run.describe());
        System.out.print(StreamBenchHarness.cpuBreakdown(run, 0.05));
        System.out.printf(
            "%.1f samples/s; %s on 2x%dx%d, T = 8; %d stream thread(s), %d sensor(s); %s%n",
            run.classifications() / run.seconds(),
            arch,
            size,
            size,
            threads,
            sensors,
            StreamBenchHarness.load());
        System.out.println("step latency in the span: " + run.stepLatency());
        System.out.println("sample latency in the span: " + run.sampleLatency());
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
