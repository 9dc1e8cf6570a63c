package io.spikestream.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayListener;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySummary;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.streams.AppConfig;
import io.spikestream.streams.StreamsApp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stream benchmarks share: topics on the in-process broker, loading samples with the real
 * replay path, one measured app run (wall time from the first decoded event to the last
 * classification, CPU time of the whole process and of the stream threads over the same span) and
 * the app's latency timers. Numbers come from the app's own meters.
 */
final class StreamBenchHarness {
  /** The app's timer of one network step (bin closed to step done). */
  static final String STEP_LATENCY = "spikestream.step.latency";

  /** The app's timer from the last event of the exit step to the classification. */
  static final String SAMPLE_LATENCY = "spikestream.sample.latency";

  private StreamBenchHarness() {}

  /** Creates the four topics ({@code partitions} for events and classifications). */
  static Topics createTopics(LocalKafkaBroker broker, int partitions) {
    Topics topics = Topics.defaults();
    broker.createTopic(topics.events().name(), partitions);
    broker.createTopic(topics.eventsDlq().name(), 1);
    broker.createTopic(topics.classifications().name(), partitions);
    broker.createTopic(topics.models().name(), 1, Map.of("cleanup.policy", "compact"));
    return topics;
  }

  /**
   * Replays {@code samples} unpaced into the events topic, round robin over {@code sensors} sensor
   * ids {@code cam-0..}, each sensor's samples back to back in event time.
   *
   * @return events sent
   */
  static long replay(
      LocalKafkaBroker broker, Topics topics, List<ReplaySample> samples, int sensors)
      throws IOException {
    return replay(broker, topics, samples, sensors, 1_000_000L);
  }

  /**
   * As {@link #replay(LocalKafkaBroker, Topics, List, int)} with the first sample at event time
   * {@code originMicros} (later replays to the same sensors start after the earlier ones).
   */
  static long replay(
      LocalKafkaBroker broker,
      Topics topics,
      List<ReplaySample> samples,
      int sensors,
      long originMicros)
      throws IOException {
    long events = 0;
    for (int s = 0; s < sensors; s++) {
      List<ReplaySample> mine = new ArrayList<>();
      for (int i = s; i < samples.size(); i += sensors) {
        mine.add(samples.get(i));
      }
      ReplayConfig config =
          ReplayConfig.defaults(broker.bootstrapServers())
              .withTopic(topics.events().name())
              .withSensorId("cam-" + s)
              .withSpeed(Double.POSITIVE_INFINITY)
              .withOriginMicros(originMicros);
      ReplaySummary summary =
          new ReplayProducer(config, SpikestreamSerdes.eventPacket().serializer())
              .replay(mine, ReplayListener.none());
      events += summary.events();
    }
    return events;
  }

  /** The app's configuration for a benchmark run (quiet timeout long: samples end by marker). */
  static AppConfig appConfig(
      String applicationId,
      LocalKafkaBroker broker,
      Topics topics,
      Path modelFile,
      Path stateDir,
      Duration commitInterval) {
    return new AppConfig(
        applicationId,
        broker.bootstrapServers(),
        topics,
        modelFile,
        stateDir,
        0,
        "localhost",
        AppConfig.DEFAULT_PUNCTUATION_INTERVAL,
        Duration.ofSeconds(60),
        AppConfig.DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
        commitInterval);
  }

  /** Kafka Streams overrides from {@code key=value} arguments (not starting with {@code --}). */
  static Properties overrides(String[] args) {
    Properties p = new Properties();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0 && !a.startsWith("--")) {
        p.put(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    return p;
  }

  /** The value of option {@code --name=value}, or {@code fallback}. */
  static String option(String[] args, String name, String fallback) {
    String prefix = "--" + name + "=";
    for (String a : args) {
      if (a.startsWith(prefix)) {
        return a.substring(prefix.length());
      }
    }
    return fallback;
  }

  /** Positional (non {@code key=value}) arguments. */
  static List<String> positional(String[] args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.indexOf('=') < 0) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * One measured run.
   *
   * @param seconds wall time from the first decoded event to the last classification
   * @param eventsBinned events placed into frames
   * @param classifications classifications emitted
   * @param processCpuSeconds CPU time of the whole JVM (broker included) over the span
   * @param streamThreadCpuSeconds CPU time of the Kafka Streams stream threads over the span
   * @param cpuByThreadGroup CPU seconds per thread over the span, by the kernel's thread name
   *     (Linux {@code /proc/self/task}, 15 characters, digits dropped; native threads such as
   *     RocksDB's, GC and JIT included); empty where {@code /proc} is missing
   * @param stepSeconds the app's step timer summed over the span (wall time of the kernel step and
   *     the logits, all steps of all stream threads; on a loaded machine it includes time the
   *     thread was descheduled, so it can exceed the threads' CPU)
   * @param stepLatency percentiles of the app's step latency within the span
   * @param sampleLatency percentiles of the app's sample latency within the span
   */
  record Run(
      double seconds,
      double eventsBinned,
      double classifications,
      double processCpuSeconds,
      double streamThreadCpuSeconds,
      Map<String, Double> cpuByThreadGroup,
      double stepSeconds,
      String stepLatency,
      String sampleLatency) {

    double eventsPerSecond() {
      return eventsBinned / seconds;
    }

    /** CPU-seconds of the JIT compiler threads over the span (from {@code /proc}; 0 without). */
    double compilerCpuSeconds() {
      return cpuByThreadGroup.entrySet().stream()
          .filter(e -> e.getKey().contains("CompilerThre")) // C1 and C2: "C# CompilerThre"
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }

    String describe() {
      return String.format(
          "%,.0f events binned in %.2f s: %,.0f events/s; %,.0f classifications (%.1f/s);"
              + " CPU over the span: process %.2f s (%,.0f events per CPU-s), stream threads"
              + " %.2f s (%,.0f events per CPU-s)",
          eventsBinned,
          seconds,
          eventsPerSecond(),
          classifications,
          classifications / seconds,
          processCpuSeconds,
          eventsBinned / processCpuSeconds,
          streamThreadCpuSeconds,
          eventsBinned / streamThreadCpuSeconds);
    }
  }

  /**
   * Measures from the moment {@code warmup} classifications were emitted (from the first decoded
   * event when 0) until {@code samples} were: the warm-up keeps the JIT's first compilations (C2
   * took 2.6 of 5.5 CPU-seconds of an 8 M-event run) out of the numbers.
   */
  static Run measure(StreamsApp app, int samples, int warmup) throws InterruptedException {
    return measure(app, samples, warmup, 0);
  }

  /**
   * As {@link #measure(StreamsApp, int, int)}, and after the warm-up also waits until the JIT
   * compiler threads used less than 10 % of a core over the last 500 ms, but starts the span at the
   * latest when only {@code minSpan} classifications are left (0: no such wait). Prints where the
   * span started.
   */
  static Run measure(StreamsApp app, int samples, int warmup, int minSpan)
      throws InterruptedException {
    var registry = app.metrics().registry();
    var in = registry.counter("spikestream.events.in");
    var binned = registry.counter("spikestream.events.binned");
    var classified = registry.counter("spikestream.classifications");
    var steps = registry.timer(STEP_LATENCY);
    while (in.count() == 0 || classified.count() < warmup) {
      Thread.sleep(1);
    }
    if (minSpan > 0) {
      double compiler = compilerSeconds(taskTicks());
      while (classified.count() < samples - minSpan) {
        Thread.sleep(500);
        double now = compilerSeconds(taskTicks());
        if (now - compiler < 0.05) {
          break;
        }
        compiler = now;
      }
      System.out.printf(
          "span starts after %.0f classifications (JIT compiler threads %.2f CPU-s so far)%n",
          classified.count(), compilerSeconds(taskTicks()));
    }
    double step0 = steps.totalTime(TimeUnit.SECONDS);
    double binned0 = binned.count();
    double classified0 = classified.count();
    TreeMap<Double, Double> steps0 = buckets(app, STEP_LATENCY);
    TreeMap<Double, Double> samples0 = buckets(app, SAMPLE_LATENCY);
    long start = System.nanoTime();
    long cpu0 = processCpuNanos();
    double stream0 = streamThreadCpuSeconds();
    Map<String, Long> tasks0 = taskTicks();
    while (classified.count() < samples) {
      Thread.sleep(2);
    }
    long end = System.nanoTime();
    double step1 = steps.totalTime(TimeUnit.SECONDS);
    long cpu1 = processCpuNanos();
    double stream = streamThreadCpuSeconds() - stream0;
    Map<String, Long> tasks1 = taskTicks();
    TreeMap<Double, Double> steps1 = buckets(app, STEP_LATENCY);
    TreeMap<Double, Double> samples1 = buckets(app, SAMPLE_LATENCY);
    Map<String, Double> byGroup = new TreeMap<>();
    for (Map.Entry<String, Long> e : tasks1.entrySet()) {
      long ticks = e.getValue() - tasks0.getOrDefault(e.getKey(), 0L);
      String name = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("\\d+", "#");
      byGroup.merge(name, ticks / 100.0, Double::sum); // USER_HZ = 100 on Linux
    }
    return new Run(
        (end - start) / 1e9,
        binned.count() - binned0,
        classified.count() - classified0,
        (cpu1 - cpu0) / 1e9,
        stream,
        byGroup,
        step1 - step0,
        spanPercentiles(steps0, steps1),
        spanPercentiles(samples0, samples1));
  }

  /** The thread groups that used at least {@code minSeconds} of CPU, largest first. */
  static String cpuBreakdown(Run run, double minSeconds) {
    StringBuilder out = new StringBuilder();
    run.cpuByThreadGroup().entrySet().stream()
        .filter(e -> e.getValue() >= minSeconds)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.append(String.format("  %.2f s  %s%n", e.getValue(), e.getKey())));
    return out.toString();
  }

  /**
   * A timer's cumulative histogram buckets now, upper bound in ms to count, as the app's {@code
   * /metrics} text gives them ({@code <name>_seconds_bucket{le="..."}}).
   */
  static TreeMap<Double, Double> buckets(StreamsApp app, String timer) {
    String text = ((PrometheusMeterRegistry) app.metrics().registry()).scrape();
    Pattern line =
        Pattern.compile(
            "^"
                + Pattern.quote(timer.replace('.', '_'))
                + "_seconds_bucket\\{.*le=\"([^\"]+)\".*\\} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    TreeMap<Double, Double> out = new TreeMap<>();
    Matcher m = line.matcher(text);
    while (m.find()) {
      double le =
          m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      out.put(le * 1e3, Double.parseDouble(m.group(2)));
    }
    return out;
  }

  /**
   * Percentiles of what a timer recorded between two {@link #buckets} snapshots, as the upper bound
   * of the histogram bucket that holds them (Micrometer's buckets, about 10 % apart), e.g. {@code
   * "p50 <= 0.089 ms, p99 <= 4.47 ms, 12,000 in the span"}.
   */
  static String spanPercentiles(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
    if (after.isEmpty()) {
      return "no histogram";
    }
    double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
    StringBuilder out = new StringBuilder();
    for (double q : new double[] {0.5, 0.99}) {
      double bound = Double.NaN;
      for (Map.Entry<Double, Double> e : after.entrySet()) {
        if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
          bound = e.getKey();
          break;
        }
      }
      out.append(String.format("p%.0f <= %.3f ms, ", q * 100, bound));
    }
    return out.append(String.format("%,.0f in the span", total)).toString();
  }

  /** The one-minute load average of the machine. */
  static String load() {
    return String.format(
        "load average %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** CPU-seconds the JIT compiler threads used so far (from {@code /proc}; 0 without). */
  static double compilerCpuSeconds() {
    return compilerSeconds(taskTicks());
  }

  /** CPU-seconds the Kafka Streams stream threads of this JVM used so far. */
  static double streamThreadCpuSeconds() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double seconds = 0;
    for (Map.Entry<Long, Long> e : threadCpuNanos().entrySet()) {
      ThreadInfo info = mx.getThreadInfo(e.getKey());
      if (info != null && info.getThreadName().contains("-StreamThread-")) {
        seconds += e.getValue() / 1e9;
      }
    }
    return seconds;
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU-seconds of the JIT compiler threads in a {@link #taskTicks} snapshot. */
  private static double compilerSeconds(Map<String, Long> ticks) {
    return ticks.entrySet().stream()
            .filter(e -> e.getKey().contains("CompilerThre"))
            .mapToLong(Map.Entry::getValue)
            .sum()
        / 100.0; // USER_HZ = 100 on Linux
  }

  /** utime + stime in clock ticks per {@code "tid name"} of this process, or empty. */
  private static Map<String, Long> taskTicks() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] rest = stat.substring(close + 2).split(" ");
          // fields after the name start at field 3 (state): utime is field 14, stime 15
          long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
          out.put(task.getFileName() + " " + stat.substring(open + 1, close), ticks);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static Map<Long, Long> threadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }
}
