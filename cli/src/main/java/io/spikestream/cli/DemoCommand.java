package io.spikestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.spikestream.dvs.emulator.DvsEmulator;
import io.spikestream.dvs.emulator.EmulatorConfig;
import io.spikestream.dvs.emulator.MotionProfile;
import io.spikestream.dvs.images.ClassNames;
import io.spikestream.dvs.images.IdxImages;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.SyntheticScenes;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import io.spikestream.streams.dashboard.ClassificationStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream demo}: the whole system in one process (issue 5). An in-process KRaft broker;
 * N emulated event cameras ({@link DemoCamera}) looping over labelled scenes, each emulated as an
 * N-MNIST-like recording (2×34×34, three saccades, as {@code emulate --profile nmnist}); the
 * streams app ({@link StreamsApp}) classifying them with the demo model (a classpath resource
 * trained on generated scenes, see docs/demo-model.md) and early exit; and its live dashboard at
 * {@code http://127.0.0.1:PORT/}. Runs until Ctrl-C or {@code --duration}, then prints a summary
 * (one JSON object with {@code --json}) from the classifications read back with {@code
 * read_committed}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline in one process: an in-process Kafka broker, emulated event",
      "cameras, the streams app classifying their samples with the demo model (early exit),",
      "and the live dashboard. Prints the dashboard URL; runs until Ctrl-C, or for --duration."
    })
final class DemoCommand implements Callable<Integer> {

  /** The demo model: trained on generated scenes, see docs/demo-model.md. */
  static final String DEMO_MODEL_RESOURCE = "demo/demo-model.zip";

  /** Where Debian's dataset-fashion-mnist package installs the IDX files. */
  static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Seed of the demo model's training scenes: the cameras must not show those. */
  static final long TRAINING_SEED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = ConsumeCommand.DurationConverter.class,
      description = "Stop after this long (e.g. 60s, 2m). Default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--cameras",
      defaultValue = "4",
      paramLabel = "N",
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
      defaultValue = "synthetic",
      paramLabel = "SOURCE",
      description = {
        "What the cameras show: 'synthetic' (generated scenes, the demo model's classes),",
        "'fashion-mnist' (" + "/usr/share/datasets/fashion-mnist) or a folder of IDX files",
        "(t10k-images-idx3-ubyte[.gz] and labels); anything but 'synthetic' needs --model.",
        "Default: ${DEFAULT-VALUE}."
      })
  String images;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "Model artifact (zip or folder) to serve instead of the built-in demo model; it must"
              + " take 2x34x34 frames (N-MNIST-like cameras).")
  Path model;

  @Option(
      names = "--seed",
      defaultValue = "1000",
      description =
          "Seed of the generated scenes and of the emulated cameras (the demo model was trained"
              + " on seed 1). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--http-port",
      paramLabel = "P",
      description =
          "Dashboard port (0 = any free port). Default: "
              + AppConfig.DEFAULT_HTTP_PORT
              + ", or a free port with --json.")
  Integer httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "H",
      defaultValue = "127.0.0.1",
      description = "Dashboard bind address. Default: ${DEFAULT-VALUE} (this machine only).")
  String httpHost;

  @Option(
      names = "--json",
      description =
          "Headless: print one JSON summary object on stdout at the end (the dashboard URL and"
              + " progress go to stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (cameras < 1 || cameras > 64) {
      throw new IllegalArgumentException("--cameras must be in 1..64, got " + cameras);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    int port = httpPort != null ? httpPort : json ? 0 : AppConfig.DEFAULT_HTTP_PORT;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--http-port must be in 0..65535, got " + port);
    }
    if (!"synthetic".equals(images) && model == null) {
      throw new IllegalArgumentException(
          "--images "
              + images
              + " needs a model trained on those images (--model FILE); the built-in demo"
              + " model knows only the synthetic scenes");
    }
    double speedFactor = ReplayConfig.parseSpeed(speed);
    if (port != 0) {
      checkPortFree(httpHost, port); // before the broker starts, so a busy port fails at once
    }
    KafkaLogLevels.quiet("error");
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    ImageSource source = imageSource(err);
    Path work = Files.createTempDirectory("spikestream-demo-");
    try {
      ModelArtifact artifact = loadModel(work);
      checkGeometry(artifact);
      return run(source, artifact, work, port, speedFactor, err, out);
    } finally {
      deleteTree(work);
    }
  }

  private int run(
      ImageSource source,
      ModelArtifact artifact,
      Path work,
      int port,
      double speedFactor,
      PrintWriter err,
      PrintWriter out)
      throws Exception {
    int timesteps = artifact.config().timesteps();
    err.println("spikestream demo: starting an in-process Kafka broker...");
    err.flush();
    try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
      StringWriter topics = new StringWriter();
      BrokerCommand.createDefaultTopics(broker, cameras, new PrintWriter(topics));
      err.println("  broker at " + broker.bootstrapServers());
      AppConfig config =
          AppConfig.defaults(broker.bootstrapServers())
              .withApplicationId("spikestream-demo")
              .withModelFile(work.resolve("model").resolve(modelName()))
              .withStateDir(work.resolve("streams-state"))
              .withHttpPort(port);
      config =
          new AppConfig(
              config.applicationId(),
              config.bootstrapServers(),
              config.topics(),
              config.modelFile(),
              config.stateDir(),
              config.httpPort(),
              httpHost,
              config.punctuationInterval(),
              config.quietTimeout(),
              config.maxOutOfRangeFraction(),
              config.commitInterval());
      StreamsApp app = startApp(config);
      AtomicBoolean appClosed = new AtomicBoolean();
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      // Ctrl-C: stop the cameras, close the app and the broker, print the summary, then let the
      // JVM exit
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "demo-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      ClassificationReader reader = new ClassificationReader(broker.bootstrapServers());
      ExecutorService pool = Executors.newFixedThreadPool(cameras + 1);
      List<DemoCamera> cams = new ArrayList<>();
      List<Future<?>> running = new ArrayList<>();
      long startNanos = System.nanoTime();
      try {
        Future<?> readerDone = pool.submit(reader::run);
        awaitRunning(app, err);
        String url = "http://" + urlHost() + ":" + app.httpPort() + "/";
        (json ? err : out).println("dashboard: " + url);
        (json ? err : out).flush();
        startNanos = System.nanoTime();
        for (int c = 0; c < cameras; c++) {
          ReplayConfig rc =
              ReplayConfig.defaults(broker.bootstrapServers())
                  .withSensorId("camera-" + c)
                  .withSpeed(speedFactor);
          DemoCamera cam =
              new DemoCamera(
                  rc,
                  source,
                  new DvsEmulator(EmulatorConfig.defaults(MotionProfile.NMNIST), seed),
                  c,
                  cameras);
          cams.add(cam);
          running.add(
              pool.submit(
                  () -> {
                    cam.run();
                    return null;
                  }));
        }
        err.println(
            "  "
                + cameras
                + " emulated camera(s) showing "
                + describe(source)
                + "; model "
                + modelName()
                + " (T = "
                + timesteps
                + ")"
                + (duration == null ? "; Ctrl-C stops" : "; running for " + duration));
        err.flush();
        long deadline = duration == null ? Long.MAX_VALUE : startNanos + duration.toNanos();
        while (!stop.await(Math.min(5_000, remainingMillis(deadline)), TimeUnit.MILLISECONDS)
            && System.nanoTime() < deadline) {
          status(err, app, reader, startNanos, timesteps);
          failIfDone(running);
        }
        err.println("stopping: finishing the cameras' current samples...");
        err.flush();
        cams.forEach(DemoCamera::stop);
        for (Future<?> f : running) {
          f.get();
        }
        long sent = cams.stream().mapToLong(DemoCamera::samples).sum();
        reader.awaitClassifications(sent, Duration.ofSeconds(20));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        reader.stop();
        readerDone.get(10, TimeUnit.SECONDS);
        Summary summary =
            new Summary(
                reader.snapshot(),
                reader.distinctWindows(),
                speedFactor == 1 ? reader.sensorToDecisionMicros(0.5) : -1,
                speedFactor == 1 ? reader.sensorToDecisionMicros(0.99) : -1,
                timesteps,
                seconds,
                sent,
                cams.stream().mapToLong(DemoCamera::events).sum(),
                app.metrics().registry().counter("spikestream.events.in").count(),
                app.metrics().registry().find("spikestream.dlq.records").counters().stream()
                    .mapToDouble(Counter::count)
                    .sum());
        closeOnce(app, appClosed);
        report(summary, out);
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting after Ctrl-C; the summary above was printed
        }
        if (summary.stats.classifications() == 0) {
          err.println("error: no classification arrived in " + Math.round(seconds) + " s");
          return CliErrors.USER_ERROR;
        }
        return 0;
      } finally {
        cams.forEach(DemoCamera::stop);
        reader.stop();
        pool.shutdownNow();
        closeOnce(app, appClosed);
        finished.countDown();
      }
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  private String urlHost() {
    return httpHost.contains(":") ? "[" + httpHost + "]" : httpHost;
  }

  private StreamsApp startApp(AppConfig config) throws IOException {
    try {
      return StreamsApp.start(config);
    } catch (BindException e) {
      throw new IOException(
          "cannot serve the dashboard on "
              + config.httpHost()
              + ":"
              + config.httpPort()
              + " ("
              + e.getMessage()
              + "); choose another --http-port, or 0 for a free one",
          e);
    }
  }

  private static void checkPortFree(String host, int port) throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IOException(
          "cannot serve the dashboard on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose another --http-port, or 0 for a free one",
          e);
    }
  }

  /** Waits until Kafka Streams runs, so that the cameras' first samples are not a backlog. */
  private static void awaitRunning(StreamsApp app, PrintWriter err) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (app.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the streams app did not start within 60 s (state " + app.state() + ")");
      }
      if (app.state() == KafkaStreams.State.ERROR
          || app.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("the streams app failed to start (" + app.state() + ")");
      }
      Thread.sleep(100);
    }
    err.println("  streams app running");
  }

  private static void failIfDone(List<Future<?>> running) throws Exception {
    for (Future<?> f : running) {
      if (f.isDone()) {
        f.get(); // a camera that ended on its own failed: report its error
      }
    }
  }

  private static void status(
      PrintWriter err, StreamsApp app, ClassificationReader reader, long startNanos, int t) {
    ClassificationStats s = reader.snapshot();
    err.printf(
        Locale.ROOT,
        "  %3.0f s: %,.0f events classified by the app, %d classifications, accuracy %s,"
            + " mean timesteps %s of %d%n",
        (System.nanoTime() - startNanos) / 1e9,
        app.metrics().registry().counter("spikestream.events.in").count(),
        s.classifications(),
        Double.isNaN(s.accuracy())
            ? "-"
            : String.format(Locale.ROOT, "%.1f %%", 100 * s.accuracy()),
        Double.isNaN(s.meanExitTimestep())
            ? "-"
            : String.format(Locale.ROOT, "%.2f", s.meanExitTimestep()),
        t);
    err.flush();
  }

  private String modelName() {
    return model != null ? model.getFileName().toString() : "demo-model.zip";
  }

  /** Reads and checks the model; the built-in one is written under {@code work} for the app. */
  private ModelArtifact loadModel(Path work) throws IOException {
    if (model != null) {
      if (!Files.exists(model)) {
        throw new IOException("model file not found: " + model);
      }
      ModelArtifact a = ModelArtifacts.read(model);
      Path copy = work.resolve("model").resolve(modelName());
      Files.createDirectories(copy.getParent());
      if (Files.isDirectory(model)) {
        ModelArtifacts.writeZip(a, copy);
      } else {
        Files.copy(model, copy);
      }
      return a;
    }
    byte[] zip;
    try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_MODEL_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "the demo model is missing from the class path ("
                + DEMO_MODEL_RESOURCE
                + "); rebuild the cli module");
      }
      zip = in.readAllBytes();
    }
    ModelArtifact a = ModelArtifacts.readZip(zip, "the built-in demo model");
    Path file = work.resolve("model").resolve(modelName());
    Files.createDirectories(file.getParent());
    Files.write(file, zip);
    return a;
  }

  /** The cameras are N-MNIST-like (2×34×34): the model must bin to that size. */
  private static void checkGeometry(ModelArtifact a) {
    var g = MotionProfile.NMNIST.geometry();
    if (a.binning().width() != g.width() || a.binning().height() != g.height()) {
      throw new IllegalArgumentException(
          "the model takes "
              + a.binning().height()
              + "x"
              + a.binning().width()
              + " frames but the demo cameras are "
              + g.height()
              + "x"
              + g.width()
              + " (N-MNIST-like); give a model trained on 'emulate --profile nmnist' data");
    }
  }

  private ImageSource imageSource(PrintWriter err) throws IOException {
    if ("synthetic".equals(images)) {
      if (seed == TRAINING_SEED && model == null) {
        err.println(
            "  note: seed "
                + seed
                + " is the demo model's training seed (it has seen these scenes)");
      }
      return new SyntheticScenes(Integer.MAX_VALUE, seed);
    }
    Path dir = "fashion-mnist".equals(images) ? FASHION_MNIST_DIR : Path.of(images);
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "--images "
              + images
              + ": folder "
              + dir
              + " not found (is dataset-fashion-mnist installed?)");
    }
    Path img = firstExisting(dir, "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte");
    Path lbl = firstExisting(dir, "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte");
    if (img == null || lbl == null) {
      throw new IOException(
          dir + " has no t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]");
    }
    List<String> names =
        dir.toString().toLowerCase(Locale.ROOT).contains("fashion")
            ? ClassNames.FASHION_MNIST
            : ClassNames.MNIST;
    err.println("  images: " + img);
    return IdxImages.read(img, lbl, names);
  }

  private String describe(ImageSource source) {
    return source instanceof SyntheticScenes
        ? "generated scenes (" + SyntheticScenes.CLASSES.size() + " classes, seed " + seed + ")"
        : source.describe();
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

  /** What the run did, for the report. */
  private record Summary(
      ClassificationStats stats,
      long distinctWindows,
      long p50SensorToDecisionMicros,
      long p99SensorToDecisionMicros,
      int timesteps,
      double seconds,
      long samplesSent,
      long eventsSent,
      double eventsClassified,
      double dlq) {}

  private static void closeOnce(StreamsApp app, AtomicBoolean closed) {
    if (closed.compareAndSet(false, true)) {
      app.close();
    }
  }

  private void report(Summary s, PrintWriter out) throws IOException {
    ClassificationStats st = s.stats;
    long eventsSent = s.eventsSent;
    double eventsClassified = s.eventsClassified;
    double dlq = s.dlq;
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode o = mapper.createObjectNode();
      o.put("seconds", round(s.seconds, 1));
      o.put("cameras", cameras);
      o.put("model", modelName());
      o.put("samplesSent", s.samplesSent);
      o.put("eventsSent", eventsSent);
      o.put("classifications", st.classifications());
      o.put("duplicateClassifications", st.classifications() - s.distinctWindows);
      o.put("labelled", st.labelled());
      o.put("correct", st.correct());
      putNumber(o, "accuracy", st.accuracy(), 4);
      putNumber(o, "meanExitTimestep", st.meanExitTimestep(), 3);
      o.put("timesteps", s.timesteps);
      o.put("eventsPerSecond", Math.round(eventsClassified / s.seconds));
      putLatency(o, "p50LatencyMillis", st.wallClockLatencyMicros(0.5));
      putLatency(o, "p99LatencyMillis", st.wallClockLatencyMicros(0.99));
      putLatency(o, "p99EventTimeLatencyMillis", st.eventTimeLatencyMicros(0.99));
      putLatency(o, "p50SensorToDecisionMillis", s.p50SensorToDecisionMicros);
      putLatency(o, "p99SensorToDecisionMillis", s.p99SensorToDecisionMicros);
      ObjectNode reasons = o.putObject("exitReasons");
      for (ExitReason r : ExitReason.values()) {
        reasons.put(r.name(), st.byReason().getOrDefault(r, 0L));
      }
      var hist = o.putArray("exitHistogram");
      for (long h : st.exitHistogram()) {
        hist.add(h);
      }
      o.put("dlqRecords", Math.round(dlq));
      out.println(mapper.writeValueAsString(o));
    } else {
      out.printf(
          Locale.ROOT,
          "demo: %d camera(s), %.1f s: %d samples sent, %d classified, accuracy %s, mean %s of %d"
              + " timesteps, %.0f events/s, p99 latency %s ms, %d DLQ records%n",
          cameras,
          s.seconds,
          s.samplesSent,
          st.classifications(),
          Double.isNaN(st.accuracy())
              ? "-"
              : String.format(Locale.ROOT, "%.1f %%", 100 * st.accuracy()),
          Double.isNaN(st.meanExitTimestep())
              ? "-"
              : String.format(Locale.ROOT, "%.2f", st.meanExitTimestep()),
          s.timesteps,
          eventsClassified / s.seconds,
          st.wallClockLatencyMicros(0.99) < 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", st.wallClockLatencyMicros(0.99) / 1000.0),
          Math.round(dlq));
    }
    out.flush();
  }

  private static void putNumber(ObjectNode o, String field, double v, int digits) {
    if (Double.isNaN(v)) {
      o.putNull(field);
    } else {
      o.put(field, round(v, digits));
    }
  }

  private static void putLatency(ObjectNode o, String field, long micros) {
    if (micros < 0) {
      o.putNull(field);
    } else {
      o.put(field, round(micros / 1000.0, 3));
    }
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // a temporary file left behind is harmless
                }
              });
    } catch (IOException ignored) {
      // as above
    }
  }

  /**
   * Reads {@code snn.classifications} with {@code read_committed} from the beginning (the app
   * writes it with exactly_once_v2) into running statistics.
   */
  static final class ClassificationReader {
    private final String bootstrap;
    private final ClassificationStats stats = new ClassificationStats();
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** Per classification: emission − end of the exit step's bin, in µs (see sensorToDecision). */
    private long[] sensorToDecisionMicros = new long[1024];

    private int decisions;

    /** Windows classified, by sensor id and window start: more classifications = duplicates. */
    private final java.util.Set<String> windows = new java.util.HashSet<>();

    ClassificationReader(String bootstrap) {
      this.bootstrap = bootstrap;
    }

    void run() {
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "spikestream-demo-summary");
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      try (KafkaConsumer<String, Classification> consumer =
          new KafkaConsumer<>(
              props, new StringDeserializer(), SpikestreamSerdes.classification().deserializer())) {
        consumer.subscribe(List.of(Topics.DEFAULT_CLASSIFICATIONS));
        while (running.get()) {
          for (ConsumerRecord<String, Classification> r : consumer.poll(Duration.ofMillis(200))) {
            synchronized (stats) {
              stats.add(r.value());
              Classification c = r.value();
              long binEnd = c.getWindowStartMicros() + c.getEventTimeLatencyMicros();
              if (decisions == sensorToDecisionMicros.length) {
                sensorToDecisionMicros = Arrays.copyOf(sensorToDecisionMicros, 2 * decisions);
              }
              sensorToDecisionMicros[decisions++] = c.getEmittedAtMillis() * 1000 - binEnd;
              windows.add(c.getSensorId() + "@" + c.getWindowStartMicros());
            }
          }
        }
      }
    }

    /** Waits until {@code expected} classifications arrived, or none for {@code quiet}. */
    void awaitClassifications(long expected, Duration quiet) throws InterruptedException {
      long last = -1;
      long lastChangeNanos = System.nanoTime();
      while (true) {
        long n;
        synchronized (stats) {
          n = stats.classifications();
        }
        if (n >= expected) {
          return;
        }
        if (n != last) {
          last = n;
          lastChangeNanos = System.nanoTime();
        } else if (System.nanoTime() - lastChangeNanos > quiet.toNanos()) {
          return;
        }
        Thread.sleep(100);
      }
    }

    /**
     * The q-quantile (nearest rank) of the time from the end of the exit step's bin to the
     * classification's emission, in µs, or -1 with none. The cameras' event time is epoch µs at
     * speed 1 (each replay starts at the wall clock), so this is the sensor-to-decision latency:
     * packet cut (up to 50 ms), Kafka, the wait for the next bin's first event that closes the bin,
     * the step and the transaction; meaningless at other speeds.
     */
    long sensorToDecisionMicros(double q) {
      synchronized (stats) {
        if (decisions == 0) {
          return -1;
        }
        long[] sorted = Arrays.copyOf(sensorToDecisionMicros, decisions);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * decisions) - 1)];
      }
    }

    /** Distinct windows (sensor, window start) classified so far. */
    long distinctWindows() {
      synchronized (stats) {
        return windows.size();
      }
    }

    /** A copy of the statistics so far. */
    ClassificationStats snapshot() {
      synchronized (stats) {
        return stats.copy();
      }
    }

    void stop() {
      running.set(false);
    }
  }
}
