package io.spikestream.streams;

import static io.spikestream.streams.StreamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.testsupport.CommittedRecords;
import io.spikestream.testsupport.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on the in-process broker: every sample classified exactly once (read_committed), with the
 * predicted class and exit step of the kernel run directly; also across a restart mid-window and
 * across the loss of one of two instances.
 */
class StreamsAppIT {
  private static final long DURATION = 50_000L;
  private static final int SENSORS = 4;
  private static final int SAMPLES_PER_SENSOR = 4;
  private static TestKafka broker;
  private static ModelArtifact model;
  private static Path modelFile;

  @TempDir static Path dir;

  /** One sample of one sensor, its packets and its expected result. */
  record Sample(String sensorId, String sampleId, List<EventPacket> packets, Expected expected) {}

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestKafka.start();
    model = model(nBins(), ExitKind.BNTT, 3, 21);
    modelFile = dir.resolve("model.zip");
    ModelArtifacts.writeZip(model, modelFile);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Topics topics(String prefix) {
    Topics t =
        Topics.defaults()
            .withEvents(prefix + ".events")
            .withEventsDlq(prefix + ".dlq")
            .withClassifications(prefix + ".classifications")
            .withModels(prefix + ".models");
    broker.createTopic(t.events().name(), 4);
    broker.createTopic(t.eventsDlq().name(), 1);
    broker.createTopic(t.classifications().name(), 4);
    broker.createTopic(t.models().name(), 1, Map.of("cleanup.policy", "compact"));
    return t;
  }

  private static AppConfig config(Topics topics, String appId, Path stateDir) {
    return new AppConfig(
        appId,
        broker.bootstrapServers(),
        topics,
        modelFile,
        stateDir,
        0,
        "localhost",
        Duration.ofMillis(200),
        Duration.ofSeconds(60),
        AppConfig.DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
        Duration.ofMillis(100));
  }

  private static Properties fastGroup() {
    Properties p = new Properties();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    return p;
  }

  private static List<Sample> samples(long seed, int sensors) {
    Random random = new Random(seed);
    List<Sample> out = new ArrayList<>();
    for (int k = 0; k < SAMPLES_PER_SENSOR; k++) {
      for (int s = 0; s < sensors; s++) {
        long start = 1_000_000L + k * DURATION;
        EventBatch events = events(random, 300 + random.nextInt(300), start, DURATION);
        String sensorId = "cam-" + s;
        String sampleId = sensorId + "/sample-" + k;
        out.add(
            new Sample(
                sensorId,
                sampleId,
                packets(sensorId, sampleId, k % CLASSES, events, start, DURATION, 60, true),
                reference(model, events, start, DURATION)));
      }
    }
    return out;
  }

  /**
   * Sends each sensor's packets (its samples back to back) from {@code from} to {@code to} of its
   * stream; a cut at 0.6 of four samples lies inside the third sample of every sensor.
   */
  private static long produce(Topics topics, List<Sample> samples, double from, double to) {
    Map<String, List<EventPacket>> bySensor = new LinkedHashMap<>();
    for (Sample s : samples) {
      bySensor.computeIfAbsent(s.sensorId(), k -> new ArrayList<>()).addAll(s.packets());
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    long events = 0;
    try (KafkaProducer<String, EventPacket> producer =
        new KafkaProducer<>(
            p, new StringSerializer(), SpikestreamSerdes.eventPacket().serializer())) {
      for (Map.Entry<String, List<EventPacket>> e : bySensor.entrySet()) {
        int n = e.getValue().size();
        for (int i = (int) Math.round(from * n); i < (int) Math.round(to * n); i++) {
          producer.send(
              new ProducerRecord<>(topics.events().name(), e.getKey(), e.getValue().get(i)));
          events += e.getValue().get(i).getEventCount();
        }
      }
      producer.flush();
    }
    return events;
  }

  /** Waits (up to 60 s) until the instances together decoded {@code events} events. */
  private static void awaitDecoded(long events, StreamsApp... apps) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    double seen = 0;
    while (System.nanoTime() < deadline) {
      seen = 0;
      for (StreamsApp app : apps) {
        seen += app.metrics().eventsIn.count();
      }
      if (seen >= events) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(seen).as("events decoded before the interruption").isEqualTo((double) events);
  }

  /** Reads committed classifications until {@code count} arrived (or 90 s), then 1 s more. */
  private static List<Classification> readCommitted(Topics topics, int count) {
    return CommittedRecords.read(
        broker.bootstrapServers(),
        topics.classifications().name(),
        SpikestreamSerdes.classification().deserializer(),
        count,
        Duration.ofSeconds(90),
        Duration.ofSeconds(1));
  }

  private static void assertExactlyOnceAndParity(List<Sample> samples, List<Classification> got) {
    Map<String, Classification> bySample = new HashMap<>();
    for (Classification c : got) {
      assertThat(bySample.put(c.getSampleId(), c)).as("duplicate for %s", c.getSampleId()).isNull();
    }
    assertThat(bySample).hasSize(samples.size());
    Map<String, String> mismatches = new LinkedHashMap<>();
    for (Sample s : samples) {
      Classification c = bySample.get(s.sampleId());
      if (c.getPredictedClass() != s.expected().predictedClass()
          || c.getExitStep() != s.expected().exitStep()) {
        mismatches.put(
            s.sampleId(),
            "stream " + c.getPredictedClass() + "@" + c.getExitStep() + ", kernel " + s.expected());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static void awaitRunning(StreamsApp... apps) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (StreamsApp app : apps) {
      while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void everySampleIsClassifiedOnceAsTheKernelDoesAndServedOverHttp() throws Exception {
    Topics topics = topics("parity");
    List<Sample> samples = samples(1, SENSORS);
    try (StreamsApp app =
        StreamsApp.start(config(topics, "parity-app", dir.resolve("parity")), fastGroup())) {
      awaitRunning(app);
      produce(topics, samples, 0, 1);
      List<Classification> got = readCommitted(topics, samples.size());
      assertExactlyOnceAndParity(samples, got);
      assertThat(app.metrics().timestepsSaved.count()).isPositive();

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> latest =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + app.httpPort() + "/classifications/cam-2"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.body()).contains("cam-2/sample-" + (SAMPLES_PER_SENSOR - 1));
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("spikestream_timesteps_saved_total");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + "/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRestartMidWindowGivesTheSameResults() throws Exception {
    Topics topics = topics("restart");
    List<Sample> samples = samples(2, SENSORS);
    Path state = dir.resolve("restart");
    try (StreamsApp app = StreamsApp.start(config(topics, "restart-app", state), fastGroup())) {
      awaitRunning(app);
      awaitDecoded(produce(topics, samples, 0, 0.6), app); // then stop mid-window
    }
    try (StreamsApp app = StreamsApp.start(config(topics, "restart-app", state), fastGroup())) {
      awaitRunning(app);
      produce(topics, samples, 0.6, 1);
      assertExactlyOnceAndParity(samples, readCommitted(topics, samples.size()));
      assertThat(app.metrics().windowsRebuilt.count())
          .as("open windows continued from stored frames")
          .isEqualTo(SENSORS);
    }
  }

  @Test
  void losingOneOfTwoInstancesLosesAndDuplicatesNothing() throws Exception {
    Topics topics = topics("failover");
    List<Sample> samples = samples(3, 2 * SENSORS); // cam-0..7 cover all four partitions
    StreamsApp a = StreamsApp.start(config(topics, "failover-app", dir.resolve("fa")), fastGroup());
    try (StreamsApp b =
        StreamsApp.start(config(topics, "failover-app", dir.resolve("fb")), fastGroup())) {
      try {
        awaitRunning(a, b);
        awaitDecoded(produce(topics, samples, 0, 0.6), a, b); // then lose a mid-window
      } finally {
        a.close();
      }
      produce(topics, samples, 0.6, 1);
      assertExactlyOnceAndParity(samples, readCommitted(topics, samples.size()));
      assertThat(b.metrics().windowsRebuilt.count())
          .as("the survivor continued the lost instance's open windows")
          .isPositive();
    }
  }

  @Test
  void killingOneOfTwoInstancesWithSigkillLosesAndDuplicatesNothing() throws Exception {
    Topics topics = topics("kill");
    List<Sample> samples = samples(4, 2 * SENSORS);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the kernel path of this JVM (see EventDrivenNetwork.vectorAvailable): both
                // instances must round alike for their classifications to equal evaluate's
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                KillableInstance.class.getName(),
                broker.bootstrapServers(),
                "kill",
                "kill-app",
                dir.resolve("ka").toString(),
                modelFile.toString())
            .redirectErrorStream(true)
            .start();
    java.util.concurrent.atomic.AtomicLong childDecoded =
        new java.util.concurrent.atomic.AtomicLong(-1);
    Thread reader =
        new Thread(
            () -> {
              try (var lines =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(
                          child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.equals("running")) {
                    childDecoded.compareAndSet(-1, 0);
                  } else if (line.startsWith("decoded ")) {
                    childDecoded.set(Long.parseLong(line.substring(8)));
                  }
                }
              } catch (java.io.IOException e) {
                // the child died: expected
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    try (StreamsApp b =
        StreamsApp.start(config(topics, "kill-app", dir.resolve("kb")), fastGroup())) {
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (childDecoded.get() < 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        awaitRunning(b);
        Thread.sleep(3000); // let the group settle with both members
        long first = produce(topics, samples, 0, 0.6);
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (childDecoded.get() + (long) b.metrics().eventsIn.count() < first
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(childDecoded.get()).as("the child worked before it was killed").isPositive();
      } finally {
        child.destroyForcibly().waitFor(); // SIGKILL, mid-window, maybe mid-transaction
      }
      produce(topics, samples, 0.6, 1);
      assertExactlyOnceAndParity(samples, readCommitted(topics, samples.size()));
    }
  }
}
