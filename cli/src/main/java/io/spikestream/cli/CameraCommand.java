package io.spikestream.cli;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.producers.live.EventSource;
import io.spikestream.producers.live.EventSources;
import io.spikestream.producers.live.LiveConfig;
import io.spikestream.producers.live.LiveListener;
import io.spikestream.producers.live.LivePublisher;
import io.spikestream.producers.live.LiveSummary;
import io.spikestream.producers.live.SourceKind;
import io.spikestream.producers.live.SourceSpec;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spikestream camera}: bridges a live event camera to Kafka. Reads AEStream UDP packets,
 * iniVation DV's AEDAT 4 TCP output or a raw Prophesee EVT 2.0 / 3.0 stream (stdin or a named
 * pipe), filters, packs and sends EventPacket records; Ctrl-C flushes what was read and prints a
 * summary. Commands for real cameras: docs/cameras.md.
 */
@Command(
    name = "camera",
    mixinStandardHelpOptions = true,
    description = {
      "Streams a live event camera to Kafka as EventPacket records (key = sensor id).",
      "Sources: udp://HOST:PORT  listen for AEStream UDP event packets",
      "         tcp://HOST:PORT  connect to iniVation DV's AEDAT 4 network output",
      "         evt2:- | evt3:-  raw Prophesee EVT 2.0 / 3.0 words on stdin",
      "         evt3:PATH        the same from a named pipe (reopened) or a file",
      "Ctrl-C sends what was read, flushes and prints a summary. See docs/cameras.md."
    })
final class CameraCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "SRC",
      description = "udp://HOST:PORT, tcp://HOST:PORT, evt2:-|PATH or evt3:-|PATH.")
  String source;

  @Mixin PacketPublishOptions publishOptions;

  @Option(
      names = "--sensor-id",
      defaultValue = LiveConfig.DEFAULT_SENSOR_ID,
      paramLabel = "ID",
      description = "Record key and EventPacket.sensorId. Default: ${DEFAULT-VALUE}.")
  String sensorId;

  @Option(
      names = "--width",
      paramLabel = "W",
      description =
          "Sensor columns (needed when the stream does not say: UDP, EVT without header).")
  Integer width;

  @Option(names = "--height", paramLabel = "H", description = "Sensor rows (with --width).")
  Integer height;

  @Option(
      names = "--filter",
      paramLabel = "SPEC",
      description =
          "Filter stage, in order; repeatable, e.g. denoise:dt=10ms, refractory:1ms,"
              + " hotpixel:calibrate=2s, roi:x=0,y=0,w=64,h=64, downsample:2, polarity:on"
              + " (grammar: docs/filters.md).")
  List<String> filters = List.of();

  @Option(
      names = "--flush-millis",
      defaultValue = "" + LiveConfig.DEFAULT_FLUSH_MILLIS,
      paramLabel = "MS",
      description =
          "Send a packet that is not full after MS of wall-clock time. Default: ${DEFAULT-VALUE}.")
  long flushMillis;

  @Option(
      names = "--no-reconnect",
      description = "End when the connection fails or the stream ends instead of reconnecting.")
  boolean noReconnect;

  @Override
  public Integer call() throws Exception {
    KafkaLogLevels.quiet("error");
    SourceSpec src = SourceSpec.parse(source);
    if ((width == null) != (height == null)) {
      throw new IllegalArgumentException(
          "--width and --height go together, got width " + width + " and height " + height);
    }
    Optional<SensorGeometry> geometry =
        width == null ? Optional.empty() : Optional.of(new SensorGeometry(width, height));
    if (src.kind() == SourceKind.UDP && geometry.isEmpty()) {
      throw new IllegalArgumentException(
          "AEStream UDP packets do not carry the sensor size: give --width and --height");
    }
    LiveConfig defaults = LiveConfig.defaults(publishOptions.bootstrap, sensorId);
    LiveConfig config =
        defaults
            .withPublish(publishOptions.applyTo(defaults.publish()))
            .withGeometry(geometry)
            .withFilters(FilterSpecs.parseAll(filters))
            .withFlushMillis(flushMillis)
            .withReconnect(
                !noReconnect, defaults.backoffInitialMillis(), defaults.backoffMaxMillis());
    EventSource eventSource =
        EventSources.create(
            src, geometry, (int) Math.min(10_000, config.publish().connectTimeoutMillis()));
    PrintWriter out = spec.commandLine().getOut();
    PrintStream err = System.err;
    LivePublisher publisher =
        new LivePublisher(config, SpikestreamSerdes.eventPacket().serializer());
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              publisher.requestStop();
              err.println();
              err.println("stopping: sending what was read, then flushing...");
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "spikestream-camera-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interactive = System.console() != null;
    LiveListener listener =
        new LiveListener() {
          private long lastDecoded = -1;
          private long lastPrintNanos;

          @Override
          public void progress(LiveSummary s) {
            // a terminal gets a line rewritten every second; a log only news, or every minute
            long now = System.nanoTime();
            if (!interactive
                && s.eventsDecoded() == lastDecoded
                && now - lastPrintNanos < 60_000_000_000L) {
              return;
            }
            lastDecoded = s.eventsDecoded();
            lastPrintNanos = now;
            err.print((interactive ? "\r" : "") + s.progressLine() + (interactive ? "" : "\n"));
            err.flush();
          }

          @Override
          public void status(String message) {
            err.println((interactive ? "\r" : "") + message);
          }
        };
    try {
      out.printf(
          "camera %s -> %s topic %s as sensor %s%s%n",
          src,
          publishOptions.bootstrap,
          publishOptions.topic,
          sensorId,
          config.filters().isEmpty() ? "" : " with filters " + String.join(" ", filters));
      out.flush();
      LiveSummary summary = publisher.run(eventSource, listener);
      if (interactive) {
        err.println();
      }
      out.println(summary.describe());
      out.flush();
      return 0;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running (Ctrl-C) and waits for `finished`: nothing to remove
      }
    }
  }
}
