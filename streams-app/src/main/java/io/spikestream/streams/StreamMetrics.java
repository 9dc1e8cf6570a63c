package io.spikestream.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The app's meters (DESIGN section 10) on a registry passed in (no global registry): events in,
 * late, out-of-range, skipped after an exit and without a model; DLQ records per reason; timesteps
 * run and saved; classifications; the exit-step histogram; step latency (bin closed to step done)
 * and sample latency (last event of the exit step to classification), both histograms with buckets
 * from 10 us to 30 s (Prometheus {@code _bucket} series: {@code histogram_quantile} gives p50 / p99
 * over any range; a benchmark takes them over its span from two scrapes); model loads and
 * rejections.
 */
public final class StreamMetrics {
  private final MeterRegistry registry;
  final Counter eventsIn;
  final Counter eventsBinned;
  final Counter eventsLate;
  final Counter eventsOutOfRange;
  final Counter eventsAfterExit;
  final Counter eventsWithoutModel;
  final Counter timestepsRun;
  final Counter timestepsSaved;
  final Counter classifications;
  final Counter windowsRebuilt;
  final Counter quietClosesDeferred;
  final Counter modelsLoaded;
  final Counter modelsRejected;
  final DistributionSummary exitStep;
  final Timer stepLatency;
  final Timer sampleLatency;

  public StreamMetrics(MeterRegistry registry) {
    this.registry = registry;
    eventsIn = counter("spikestream.events.in", "events decoded from valid packets");
    eventsBinned = counter("spikestream.events.binned", "events placed into a frame");
    eventsLate = counter("spikestream.events.late", "events older than the open bin, dropped");
    eventsOutOfRange = counter("spikestream.events.out.of.range", "events outside the sensor");
    eventsAfterExit =
        counter("spikestream.events.after.exit", "events of a window that already exited");
    eventsWithoutModel =
        counter("spikestream.events.without.model", "events dropped while no model was loaded");
    timestepsRun = counter("spikestream.timesteps.run", "network steps run");
    timestepsSaved = counter("spikestream.timesteps.saved", "network steps skipped by early exit");
    classifications = counter("spikestream.classifications", "classifications emitted");
    windowsRebuilt = counter("spikestream.windows.rebuilt", "membranes rebuilt from stored frames");
    quietClosesDeferred =
        counter(
            "spikestream.quiet.closes.deferred",
            "punctuations that kept a wall-clock-quiet window open while its task read a backlog");
    modelsLoaded = counter("spikestream.models.loaded", "model versions swapped in");
    modelsRejected = counter("spikestream.models.rejected", "model records rejected");
    exitStep =
        DistributionSummary.builder("spikestream.exit.step")
            .description("0-based exit step of each classification")
            .publishPercentileHistogram()
            .register(registry);
    stepLatency =
        Timer.builder("spikestream.step.latency")
            .description("one network step (bin closed to step done)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    sampleLatency =
        Timer.builder("spikestream.sample.latency")
            .description(
                "wall clock from the packet holding the last event binned up to the exit step"
                    + " to the classification handed to the sink (a quiet sensor's includes the"
                    + " quiet timeout)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** The registry these meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts one record sent to the DLQ for {@code reason}. */
  void dlq(String reason) {
    Counter.builder("spikestream.dlq.records")
        .description("records sent to the dead-letter topic")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Records sent to the DLQ for {@code reason} so far. */
  public double dlqCount(String reason) {
    Counter c = registry.find("spikestream.dlq.records").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
