package io.spikestream.cli;

import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.kafka.local.LocalKafkaConfig;
import io.spikestream.schemas.serde.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream broker}: runs a single-node Kafka broker in this process until interrupted,
 * with the project's default topics. For local work and the demo; not for production.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft) in this process until Ctrl-C,",
      "and creates the default topics unless --no-topics."
    })
final class BrokerCommand implements Callable<Integer> {

  /** A default topic: name, partitions ({@code -1} = the --partitions value) and configs. */
  record DefaultTopic(String name, int partitions, Map<String, String> configs) {}

  /** The topics the pipeline uses by default (DESIGN section 5). */
  static final List<DefaultTopic> DEFAULT_TOPICS =
      List.of(
          new DefaultTopic(Topics.DEFAULT_EVENTS, -1, Map.of()),
          new DefaultTopic(Topics.DEFAULT_EVENTS_DLQ, 1, Map.of()),
          new DefaultTopic(Topics.DEFAULT_CLASSIFICATIONS, -1, Map.of()),
          new DefaultTopic(Topics.DEFAULT_MODELS, 1, Map.of("cleanup.policy", "compact")));

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "9092",
      description = "Client port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Host to bind and advertise. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      description =
          "Keep the broker's data here (kept after exit, reused on restart). Default: a"
              + " temporary directory deleted on exit.")
  Path dataDir;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Partitions of dvs.events, snn.classifications and new topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--no-topics", description = "Do not create the default topics.")
  boolean noTopics;

  @Option(names = "--verbose", description = "Show the broker's INFO log.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    if (!verbose) {
      KafkaLogLevels.quiet("warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    LocalKafkaConfig config =
        LocalKafkaConfig.defaults()
            .withPort(port)
            .withHost(host)
            .withDataDir(dataDir, dataDir != null)
            .withDefaultPartitions(partitions);
    out.printf("starting Kafka broker (data: %s)...%n", dataDir == null ? "temporary" : dataDir);
    out.flush();
    LocalKafkaBroker broker = LocalKafkaBroker.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              System.err.println("stopping Kafka broker...");
              broker.close();
              System.err.println("Kafka broker stopped");
              stopped.countDown();
            },
            "spikestream-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (!noTopics) {
        createDefaultTopics(broker, partitions, out);
      }
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      broker.close();
      throw e;
    }
    out.printf(
        "Kafka broker ready: bootstrap servers %s (Ctrl-C stops it)%n", broker.bootstrapServers());
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Creates the {@link #DEFAULT_TOPICS} that do not exist yet, {@code partitions} for the keyed
   * streams, and prints one line per topic.
   */
  static void createDefaultTopics(LocalKafkaBroker broker, int partitions, PrintWriter out) {
    for (DefaultTopic t : DEFAULT_TOPICS) {
      int n = t.partitions() < 0 ? partitions : t.partitions();
      boolean created = broker.createTopicIfAbsent(t.name(), n, t.configs());
      out.printf(
          "  topic %-20s %s%n",
          t.name(),
          created
              ? n + " partition(s)" + (t.configs().isEmpty() ? "" : " " + t.configs())
              : "exists");
    }
  }
}
