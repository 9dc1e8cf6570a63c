package io.spikestream.cli;

import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (model != null && !Files.exists(model)) {
      throw new IOException("model file not found: " + model);
    }
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
    StreamsApp app = StreamsApp.start(config);
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
