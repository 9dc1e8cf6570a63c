package io.spikestream.cli;

import io.spikestream.dvs.filter.FilterSpec;
import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.streams.filter.FilterStageConfig;
import io.spikestream.streams.filter.FilterStats;
import io.spikestream.streams.filter.FilterTopology;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream filter}: a Kafka Streams stage that filters EventPacket records from one topic
 * into another, with one filter chain per sensor. Runs until Ctrl-C.
 */
@Command(
    name = "filter",
    mixinStandardHelpOptions = true,
    description = {
      "Filters EventPacket records from --in into --out: a Kafka Streams stage",
      "with one filter chain per sensor (grammar of --filter: docs/filters.md).",
      "Runs until Ctrl-C."
    })
final class FilterCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(names = "--in", required = true, paramLabel = "TOPIC", description = "Input topic.")
  String in;

  @Option(names = "--out", required = true, paramLabel = "TOPIC", description = "Output topic.")
  String out;

  @Option(
      names = "--filter",
      required = true,
      paramLabel = "SPEC",
      description = "Filter stage, in order; repeatable, e.g. denoise:dt=10ms, downsample:2.")
  List<String> filters;

  @Option(
      names = "--dlq",
      defaultValue = FilterStageConfig.DEFAULT_DLQ,
      paramLabel = "TOPIC",
      description = "Topic for undecodable input records. Default: ${DEFAULT-VALUE}.")
  String dlq;

  @Option(
      names = "--application-id",
      defaultValue = FilterStageConfig.DEFAULT_APPLICATION_ID,
      paramLabel = "ID",
      description = "Kafka Streams application id. Default: ${DEFAULT-VALUE}.")
  String applicationId;

  @Override
  public Integer call() throws Exception {
    KafkaLogLevels.quiet("error");
    List<FilterSpec> specs = FilterSpecs.parseAll(filters);
    FilterStageConfig config = new FilterStageConfig(bootstrap, applicationId, in, out, dlq, specs);
    FilterStats stats = new FilterStats();
    PrintWriter w = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    try (KafkaStreams streams =
        new KafkaStreams(FilterTopology.build(config, stats), config.streamsProperties())) {
      streams.setUncaughtExceptionHandler(
          e -> {
            System.err.println("filter stage failed: " + e.getMessage());
            stopped.countDown();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
                .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      Thread hook =
          new Thread(
              () -> {
                stopped.countDown();
                try {
                  finished.await(40, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "spikestream-filter-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      w.printf(
          "filtering %s -> %s on %s with %s (Ctrl-C stops)%n",
          in, out, bootstrap, String.join(" ", filters));
      w.flush();
      streams.start();
      while (!stopped.await(5, TimeUnit.SECONDS)) {
        System.err.println(stats.describe());
      }
      streams.close(java.time.Duration.ofSeconds(30));
      w.println("stopped: " + stats.describe());
      w.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook waits for `finished`
      }
    } finally {
      finished.countDown();
    }
    return 0;
  }
}
