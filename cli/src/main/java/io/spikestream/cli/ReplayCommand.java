package io.spikestream.cli;

import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.dvs.progress.ProgressBar;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayException;
import io.spikestream.producers.ReplayListener;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySources;
import io.spikestream.producers.ReplaySummary;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spikestream replay}: publishes a recording, a folder of recordings or a dataset split to
 * Kafka as EventPacket records, paced in event time. Ctrl-C finishes the current sample (so no
 * sample lacks its end marker), flushes and reports what was sent.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a recording, a folder of recordings or a dataset split to Kafka as EventPacket",
      "records (key = sensor id), samples back to back in event time, paced by --speed."
    })
final class ReplayCommand implements Callable<Integer> {

  /** Exit code after Ctrl-C (128 + SIGINT), as shells do. */
  static final int INTERRUPTED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      description =
          "An event file (AEDAT 2.0, N-MNIST .bin/.bs2), a CIFAR10-DVS-layout folder, or a folder"
              + " of recordings (unlabelled).")
  Path path;

  @Mixin PacketPublishOptions publish;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "X|max",
      description = "Event time runs X times faster than real time; max = unpaced. Default: 1.")
  String speed;

  @Option(
      names = "--split",
      defaultValue = "all",
      paramLabel = "train|test|all",
      description = "Which part of a dataset folder. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(
      names = "--sensor-id",
      defaultValue = ReplayConfig.DEFAULT_SENSOR_ID,
      paramLabel = "ID",
      description = "Record key and EventPacket.sensorId. Default: ${DEFAULT-VALUE}.")
  String sensorId;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Replay only the first N samples (in the dataset's order).")
  Integer limit;

  @Option(
      names = "--filter",
      paramLabel = "SPEC",
      description =
          "Filter each sample before sending, in order; repeatable, e.g. denoise:dt=10ms,"
              + " refractory:1ms, hotpixel:pixel=3/4, roi:x=0,y=0,w=64,h=64, downsample:2,"
              + " polarity:on (grammar: docs/filters.md).")
  List<String> filters = List.of();

  @Override
  public Integer call() throws Exception {
    KafkaLogLevels.quiet("error");
    ReplayConfig config =
        publish
            .applyTo(ReplayConfig.defaults(publish.bootstrap))
            .withSensorId(sensorId)
            .withSpeed(ReplayConfig.parseSpeed(speed));
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    List<ReplaySample> samples = ReplaySources.open(path, split);
    if (limit != null && limit < samples.size()) {
      samples = samples.subList(0, limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    ReplayProducer producer =
        new ReplayProducer(
            config, SpikestreamSerdes.eventPacket().serializer(), FilterSpecs.parseAll(filters));
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              producer.requestStop();
              System.err.println();
              System.err.println("stopping: finishing the current sample, then flushing...");
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "spikestream-replay-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    ProgressBar progress =
        new ProgressBar(
            new PrintWriter(System.err),
            "replay",
            samples.size(),
            "samples",
            "events",
            System::nanoTime);
    try {
      out.printf(
          "replaying %d sample(s) from %s to %s topic %s at speed %s%n",
          samples.size(), path, publish.bootstrap, publish.topic, speed);
      out.flush();
      ReplaySummary summary = producer.replay(samples, ReplayListener.drawing(progress));
      endLine(progress);
      out.println(summary.describe());
      if (producer.stopRequested()) {
        out.println(
            "interrupted: the sample in progress was finished with its end-of-sample packet"
                + summary.lastCompleteSample().map(s -> " (" + s + ")").orElse(""));
      }
      out.flush();
      return producer.stopRequested() && summary.stoppedEarly() ? INTERRUPTED : 0;
    } catch (ReplayException e) {
      endLine(progress);
      out.println(e.summary().describe());
      out.flush();
      throw e;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running (Ctrl-C) and waits for `finished`: nothing to remove
      }
    }
  }

  /** Ends the bar's line, if one was drawn (an early error stays one line). */
  static void endLine(ProgressBar progress) {
    if (progress.drawn()) {
      progress.finish(null);
    }
  }
}
