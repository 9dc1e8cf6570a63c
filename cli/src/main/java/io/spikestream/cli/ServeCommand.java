package io.spikestream.cli;

import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream serve}: runs the streams app (DESIGN section 10) until interrupted: classifies
 * {@code dvs.events} into {@code snn.classifications}, serves HTTP {@code /classifications/{id}},
 * {@code /metrics} and {@code /health}, and prints a status line every 10 s.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies dvs.events with a BNTT spiking network (early exit) into snn.classifications,",
      "until Ctrl-C. The model comes from --model and/or the snn.models topic."
    })
final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "B",
      description = "Kafka bootstrap servers, host:port[,...].")
  String bootstrap;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Model artifact (folder or zip) to serve until a newer one is published.")
  Path model;

  @Option(
      names = "--http-port",
      paramLabel = "P",
      defaultValue = "" + AppConfig.DEFAULT_HTTP_PORT,
      description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "H",
      defaultValue = AppConfig.DEFAULT_HTTP_HOST,
      description = "HTTP bind address. Default: ${DEFAULT-VALUE}.")
  String httpHost;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = AppConfig.DEFAULT_APPLICATION_ID,
      description =
          "Kafka Streams application id; instances with the same id share the work. Default:"
              + " ${DEFAULT-VALUE}.")
  String applicationId;

  @Option(
      names = "--state-dir",
      paramLabel = "D",
      description = "Kafka Streams state directory. Default: <tmp>/spikestream-streams.")
  Path stateDir;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Stream threads in this instance (Kafka Streams num.stream.threads); sensors are spread"
              + " over them by partition, so up to one per core helps when several sensors stream."
              + " Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--session-timeout",
      paramLabel = "DURATION",
      converter = ConsumeCommand.DurationConverter.class,
      description =
          "How long the group waits for a silent instance before its sensors move to the others"
              + " (consumer session.timeout.ms; the broker accepts 6s..5m unless configured"
              + " otherwise), e.g. 10s. Default: Kafka's 45s.")
  Duration sessionTimeout;

  @Option(
      names = "--streams-property",
      paramLabel = "KEY=VALUE",
      description =
          "Any other Kafka Streams or client property, repeatable (e.g. --streams-property"
              + " commit.interval.ms=200). The exactly-once guarantee, application id, bootstrap,"
              + " state directory and HTTP endpoint are set by their own options and cannot be"
              + " changed here.")
  Map<String, String> streamsProperties = new TreeMap<>();

  /** Properties that the app's guarantees or the other options own. */
  static final Set<String> RESERVED =
      Set.of(
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
          StreamsConfig.APPLICATION_ID_CONFIG,
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
          StreamsConfig.STATE_DIR_CONFIG,
          StreamsConfig.APPLICATION_SERVER_CONFIG,
          StreamsConfig.NUM_STREAM_THREADS_CONFIG);

  /**
   * The Kafka Streams overrides of {@code serve}'s options: threads, session timeout (with a
   * heartbeat of at most a third of it, as the consumer requires it below the timeout) and free
   * properties, checked here so that a mistake is one clear line before any connection.
   */
  static Properties overrides(int threads, Duration sessionTimeout, Map<String, String> extra) {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    Properties p = new Properties();
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    if (sessionTimeout != null) {
      long ms = sessionTimeout.toMillis();
      if (ms < 1000) {
        throw new IllegalArgumentException(
            "--session-timeout must be at least 1s, got " + sessionTimeout);
      }
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) ms);
      p.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          (int) Math.min(3000, ms / 3));
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      String key = e.getKey().strip();
      String plain = key.replaceFirst("^(main\\.consumer|consumer|producer|admin)\\.", "");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("--streams-property needs KEY=VALUE, got an empty key");
      }
      if (RESERVED.contains(plain.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "--streams-property cannot set "
                + key
                + ": "
                + (plain.equals(StreamsConfig.NUM_STREAM_THREADS_CONFIG)
                    ? "use --threads"
                    : "serve sets it (exactly-once, --application-id, --bootstrap, --state-dir,"
                        + " --http-host/--http-port)"));
      }
      p.put(key, e.getValue());
    }
    return p;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (model != null && !Files.exists(model)) {
      throw new IOException("model file not found: " + model);
    }
    Properties overrides = overrides(threads, sessionTimeout, streamsProperties);
    AppConfig defaults = AppConfig.defaults(bootstrap);
    AppConfig config =
        new AppConfig(
            applicationId,
            bootstrap,
            defaults.topics(),
            model,
            stateDir != null ? stateDir : defaults.stateDir(),
            httpPort,
            httpHost,
            defaults.punctuationInterval(),
            defaults.quietTimeout(),
            defaults.maxOutOfRangeFraction(),
            defaults.commitInterval());
    KafkaLogLevels.quiet("warn");
    PrintWriter out = spec.commandLine().getOut();
    StreamsApp app = StreamsApp.start(config, overrides);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("stopping...");
                  app.close();
                  stopped.countDown();
                },
                "spikestream-serve-shutdown"));
    out.printf(
        "serving %s -> %s; HTTP on http://%s:%d (Ctrl-C stops)%n",
        config.topics().events().name(),
        config.topics().classifications().name(),
        httpHost,
        app.httpPort());
    out.flush();
    while (!stopped.await(10, TimeUnit.SECONDS)) {
      out.printf(
          "%s: %.0f events, %.0f classifications, %.0f timesteps run, %.0f saved%n",
          app.state(),
          app.metrics().registry().counter("spikestream.events.in").count(),
          app.metrics().registry().counter("spikestream.classifications").count(),
          app.metrics().registry().counter("spikestream.timesteps.run").count(),
          app.metrics().registry().counter("spikestream.timesteps.saved").count());
      out.flush();
    }
    return 0;
  }
}
