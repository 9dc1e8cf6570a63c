package io.spikestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.dvs.emulator.DvsEmulator;
import io.spikestream.dvs.emulator.EmulatorConfig;
import io.spikestream.dvs.emulator.MotionProfile;
import io.spikestream.dvs.images.ClassNames;
import io.spikestream.dvs.images.IdxImages;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.LabeledImage;
import io.spikestream.dvs.images.SyntheticScenes;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayListener;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream demo}: the local pipeline on an in-process broker. Starts a KRaft broker,
 * several emulated event cameras (images turned into N-MNIST-like event streams) publishing
 * labelled samples to {@code dvs.events}, and a reader that checks every sample arrives whole, then
 * reports. Classification in the stream (the streams app and its dashboard) joins the demo once
 * that module is wired in; see docs/ARCHITECTURE.md.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the local pipeline on an in-process Kafka broker: emulated event cameras publish",
      "labelled samples to dvs.events and a reader checks that every sample arrives whole.",
      "Runs until Ctrl-C, or for --duration."
    })
final class DemoCommand implements Callable<Integer> {

  /** Where Debian's dataset-fashion-mnist package installs the IDX files. */
  static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = ConsumeCommand.DurationConverter.class,
      description = "Stop after this long (e.g. 60s, 2m). Default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--cameras",
      defaultValue = "3",
      description = "Number of emulated cameras (one sensor id each). Default: ${DEFAULT-VALUE}.")
  int cameras;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "X|max",
      description = "Event time runs X times faster than real time. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description =
          "Folder with Fashion-MNIST/MNIST IDX files (t10k-images-idx3-ubyte[.gz] and labels)."
              + " Default: "
              + "/usr/share/datasets/fashion-mnist when present, else generated shapes.")
  Path images;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the emulated scenes.")
  long seed;

  @Option(names = "--json", description = "Print one JSON summary object at the end.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (cameras < 1 || cameras > 64) {
      throw new IllegalArgumentException("--cameras must be in 1..64, got " + cameras);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    double speedFactor = ReplayConfig.parseSpeed(speed);
    KafkaLogLevels.quiet("error");
    PrintWriter err = spec.commandLine().getErr();
    ImageSource source = imageSource(err);
    DvsEmulator emulator = new DvsEmulator(EmulatorConfig.defaults(MotionProfile.NMNIST), seed);

    err.println("spikestream demo: starting an in-process Kafka broker...");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      BrokerCommand.createDefaultTopics(broker, cameras, err);
      err.println("  broker at " + broker.bootstrapServers());
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch reported = new CountDownLatch(1);
      // On Ctrl-C: ask the cameras to finish their current sample, and hold the JVM until the
      // summary is printed.
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  reported.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "demo-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);

      AtomicBoolean readerRunning = new AtomicBoolean(true);
      SampleCheck check = new SampleCheck();
      ExecutorService pool = Executors.newFixedThreadPool(cameras + 1);
      Future<?> reader =
          pool.submit(() -> readBack(broker.bootstrapServers(), check, readerRunning));
      List<ReplayProducer> producers = new ArrayList<>();
      List<Future<?>> running = new ArrayList<>();
      long startNanos = System.nanoTime();
      for (int c = 0; c < cameras; c++) {
        ReplayConfig config =
            ReplayConfig.defaults(broker.bootstrapServers())
                .withSensorId("camera-" + c)
                .withSpeed(speedFactor);
        ReplayProducer producer =
            new ReplayProducer(config, SpikestreamSerdes.eventPacket().serializer());
        producers.add(producer);
        List<ReplaySample> samples = cameraSamples(source, emulator, c, cameras);
        running.add(pool.submit(() -> producer.replay(samples, quietListener())));
      }
      err.println(
          "  "
              + cameras
              + " emulated camera(s) streaming "
              + source.describe()
              + (duration == null ? "; Ctrl-C stops" : "; running for " + duration));
      if (duration == null) {
        stop.await();
      } else {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      producers.forEach(ReplayProducer::requestStop);
      for (Future<?> f : running) {
        f.get();
      }
      // Let the reader drain what was sent, then stop it.
      check.awaitQuiet(Duration.ofSeconds(3));
      readerRunning.set(false);
      reader.get();
      pool.shutdown();
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      report(check, seconds);
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting after Ctrl-C; the summary above was printed
      }
      return check.incompleteSamples() == 0 ? 0 : 1;
    }
  }

  private ImageSource imageSource(PrintWriter err) throws Exception {
    Path dir =
        images != null ? images : (Files.isDirectory(FASHION_MNIST_DIR) ? FASHION_MNIST_DIR : null);
    if (dir == null) {
      return new SyntheticScenes(10_000, seed);
    }
    Path img = firstExisting(dir, "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte");
    Path lbl = firstExisting(dir, "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte");
    if (img == null || lbl == null) {
      throw new IllegalArgumentException(
          dir + " has no t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]");
    }
    List<String> names =
        dir.toString().contains("fashion") ? ClassNames.FASHION_MNIST : ClassNames.MNIST;
    err.println("  images: " + img);
    return IdxImages.read(img, lbl, names);
  }

  private static Path firstExisting(Path dir, String... names) {
    for (String n : names) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** Camera {@code c} shows images c, c + cameras, c + 2 * cameras, ... emulated on demand. */
  private static List<ReplaySample> cameraSamples(
      ImageSource source, DvsEmulator emulator, int camera, int cameras) {
    List<ReplaySample> samples = new ArrayList<>();
    for (int i = camera; i < source.size(); i += cameras) {
      int index = i;
      LabeledImage meta;
      try {
        meta = source.get(index);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      String name = source.classNames().get(meta.label());
      samples.add(
          ReplaySample.of(
              "image-" + index,
              meta.label(),
              name,
              into -> {
                into.clear();
                into.addAll(emulator.emulate(meta.image(), index));
                return emulator.geometry();
              }));
    }
    return samples;
  }

  private static ReplayListener quietListener() {
    return (done, total, events, nanos) -> {};
  }

  private static void readBack(String bootstrap, SampleCheck check, AtomicBoolean running) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "spikestream-demo-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, EventPacket> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), SpikestreamSerdes.eventPacket().deserializer())) {
      consumer.subscribe(List.of(Topics.DEFAULT_EVENTS));
      while (running.get()) {
        for (ConsumerRecord<String, EventPacket> r : consumer.poll(Duration.ofMillis(200))) {
          check.accept(r.value());
        }
      }
    }
  }

  private void report(SampleCheck check, double seconds) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("seconds", Math.round(seconds * 10) / 10.0);
      o.put("cameras", cameras);
      o.put("samples", check.completeSamples());
      o.put("incompleteSamples", check.incompleteSamples());
      o.put("packets", check.packets);
      o.put("events", check.events);
      o.put("eventsPerSecond", Math.round(check.events / seconds));
      o.put("sequenceGaps", check.sequenceGaps);
      out.println(new ObjectMapper().writeValueAsString(o));
    } else {
      out.printf(
          "demo: %d camera(s), %.1f s: %d samples complete, %d incomplete, %d packets, %d events"
              + " (%.0f events/s), %d sequence gaps%n",
          cameras,
          seconds,
          check.completeSamples(),
          check.incompleteSamples(),
          check.packets,
          check.events,
          check.events / seconds,
          check.sequenceGaps);
    }
    out.flush();
  }

  /** Tracks samples per sensor from their packets: complete once the end marker arrived. */
  static final class SampleCheck {
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final Map<String, String> openSample = new HashMap<>();
    private long complete;
    long packets;
    long events;
    long sequenceGaps;
    private volatile long lastPacketNanos = System.nanoTime();

    synchronized void accept(EventPacket p) {
      lastPacketNanos = System.nanoTime();
      packets++;
      events += p.getEventCount();
      Long expected = nextSequence.get(p.getSensorId());
      if (expected != null && expected != p.getSequence()) {
        sequenceGaps++;
      }
      nextSequence.put(p.getSensorId(), p.getSequence() + 1);
      if (p.getSample() == null) {
        return;
      }
      if (p.getSample().getEndOfSample()) {
        openSample.remove(p.getSensorId());
        complete++;
      } else {
        openSample.put(p.getSensorId(), p.getSample().getSampleId());
      }
    }

    synchronized long completeSamples() {
      return complete;
    }

    synchronized long incompleteSamples() {
      return openSample.size();
    }

    void awaitQuiet(Duration quiet) throws InterruptedException {
      while (System.nanoTime() - lastPacketNanos < quiet.toNanos()) {
        Thread.sleep(100);
      }
    }
  }
}
