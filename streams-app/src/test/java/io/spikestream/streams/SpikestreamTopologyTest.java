package io.spikestream.streams;

import static io.spikestream.streams.StreamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.exit.ExitKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpikestreamTopologyTest {
  private static final long START = 1_000_000L;
  private static final long DURATION = 60_000L;

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private ModelSlot slot;
  private StreamMetrics metrics;
  private TestInputTopic<String, EventPacket> events;
  private TestInputTopic<byte[], byte[]> rawEvents;
  private TestInputTopic<String, ModelRecord> models;
  private TestOutputTopic<String, Classification> out;
  private TestOutputTopic<byte[], byte[]> dlq;

  private void start(ModelArtifact model) {
    slot = new ModelSlot();
    if (model != null) {
      slot.offer(LoadedModel.of("test", 1, model));
    }
    metrics = new StreamMetrics(new SimpleMeterRegistry());
    AppConfig config = AppConfig.defaults("unused:9092").withStateDir(stateDir);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            SpikestreamTopology.build(config, slot, metrics), props, Instant.ofEpochMilli(0));
    Topics topics = config.topics();
    events =
        driver.createInputTopic(
            topics.events().name(),
            new StringSerializer(),
            SpikestreamSerdes.eventPacket().serializer());
    rawEvents =
        driver.createInputTopic(
            topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
    models =
        driver.createInputTopic(
            topics.models().name(),
            new StringSerializer(),
            SpikestreamSerdes.modelRecord().serializer());
    out =
        driver.createOutputTopic(
            topics.classifications().name(),
            new StringDeserializer(),
            SpikestreamSerdes.classification().deserializer());
    dlq =
        driver.createOutputTopic(
            topics.eventsDlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void send(List<EventPacket> packets) {
    for (EventPacket p : packets) {
      events.pipeInput(p.getSensorId(), p);
    }
  }

  @Test
  void everySampleMatchesTheKernelRunDirectly() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    Random random = new Random(5);
    for (int s = 0; s < 8; s++) {
      long start = START + s * DURATION;
      EventBatch sample = events(random, 400 + 50 * s, start, DURATION);
      send(packets("cam-1", "sample-" + s, s % CLASSES, sample, start, DURATION, 97, true));
      Expected expected = reference(model, sample, start, DURATION);
      List<Classification> got = out.readValuesToList();
      assertThat(got).as("sample %d", s).hasSize(1);
      Classification c = got.get(0);
      assertThat(c.getSampleId()).isEqualTo("sample-" + s);
      assertThat(c.getPredictedClass()).isEqualTo(expected.predictedClass());
      assertThat(c.getExitStep()).isEqualTo(T - 1).isEqualTo(expected.exitStep());
      assertThat(c.getExitReason()).isEqualTo(ExitReason.NONE);
      assertThat(c.getTrueLabel()).isEqualTo(s % CLASSES);
      assertThat(c.getTimesteps()).isEqualTo(T);
    }
    assertThat(metrics.timestepsRun.count()).isEqualTo(8.0 * T);
    assertThat(metrics.eventsLate.count()).isZero();
  }

  @Test
  void bnttExitEmitsAsSoonAsTheExitStepsBinClosesAndSkipsTheRest() {
    ModelArtifact model = model(nBins(), ExitKind.BNTT, 2, 11);
    start(model);
    EventBatch sample = events(new Random(9), 600, START, DURATION);
    List<EventPacket> packets = packets("cam-1", "s", 1, sample, START, DURATION, 50, true);
    Expected expected = reference(model, sample, START, DURATION);
    long binEnd = START + 3 * DURATION / T; // bin 2 closes when the first event of bin 3 arrives
    int emittedAfter = -1;
    for (int i = 0; i < packets.size(); i++) {
      events.pipeInput("cam-1", packets.get(i));
      if (emittedAfter < 0 && !out.isEmpty()) {
        emittedAfter = i;
        List<Classification> got = out.readValuesToList();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getExitStep()).isEqualTo(2).isEqualTo(expected.exitStep());
        assertThat(got.get(0).getPredictedClass()).isEqualTo(expected.predictedClass());
        assertThat(got.get(0).getExitReason()).isEqualTo(ExitReason.BNTT);
      }
    }
    assertThat(emittedAfter)
        .as("emitted before the end of the sample")
        .isLessThan(packets.size() - 1);
    long lastTimeOfThatPacket = lastTime(packets.get(emittedAfter));
    assertThat(lastTimeOfThatPacket).isGreaterThanOrEqualTo(binEnd);
    if (emittedAfter > 0) {
      assertThat(lastTime(packets.get(emittedAfter - 1))).isLessThan(binEnd);
    }
    assertThat(out.isEmpty()).as("nothing more after the exit").isTrue();
    assertThat(metrics.timestepsRun.count()).isEqualTo(3.0);
    assertThat(metrics.timestepsSaved.count()).isEqualTo(T - 3.0);
    assertThat(metrics.eventsAfterExit.count()).isPositive();
  }

  private static long lastTime(EventPacket p) {
    io.spikestream.schemas.codec.EventColumns c = new io.spikestream.schemas.codec.EventColumns();
    new EventPacketCodec().decode(p, c, io.spikestream.schemas.codec.OutOfRange.DROP);
    return c.timestampsMicros()[c.size() - 1];
  }

  @Test
  void lateEventsAreCountedAndDropped() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    EventBatch first = events(new Random(1), 200, START + DURATION / 2, DURATION / 2);
    send(packets("cam-1", "s", 0, first, START, DURATION, 200, false));
    EventBatch late = events(new Random(2), 30, START, DURATION / T); // all in bin 0, now closed
    send(packets("cam-1", "s", 0, late, START, DURATION, 30, true));
    assertThat(metrics.eventsLate.count()).isEqualTo(30.0);
    Classification c = out.readValue();
    assertThat(c.getPredictedClass())
        .isEqualTo(reference(model, first, START, DURATION).predictedClass());
  }

  @Test
  void binEdgesOfFixedDtWindowsMatchTheBinnerForLiveSensors() {
    long dt = 1_000;
    BinningSpec spec = BinningSpec.fixedDt(T, dt, SIZE, SIZE, FrameValue.COUNT);
    ModelArtifact model = model(spec, ExitKind.NONE, T - 1, 3);
    start(model);
    long window = T * dt;
    Random random = new Random(4);
    Expected previous = null;
    long previousStart = 0;
    for (int w = 0; w < 3; w++) {
      long start = 10 * window + w * window;
      EventBatch batch = new EventBatch();
      // events exactly on every bin edge open the later bin (DESIGN section 6)
      for (int b = 0; b < T; b++) {
        for (int k = 0; k < 20; k++) {
          batch.add(random.nextInt(SENSOR), random.nextInt(SENSOR), k % 2 == 0, start + b * dt);
        }
        batch.add(3, 4, true, start + b * dt + dt - 1);
      }
      send(packets("live", null, 0, batch, 0, 1, 40, false));
      List<Classification> got = out.readValuesToList();
      if (w == 0) {
        assertThat(got).isEmpty();
      } else {
        // the first event of window w closed window w - 1
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getWindowStartMicros()).isEqualTo(previousStart);
        assertThat(got.get(0).getPredictedClass()).isEqualTo(previous.predictedClass());
        assertThat(got.get(0).getSampleId()).isNull();
      }
      previous = reference(model, batch, start, window);
      previousStart = start;
    }
    driver.advanceWallClockTime(Duration.ofSeconds(3));
    List<Classification> got = out.readValuesToList();
    assertThat(got).as("the quiet sensor's last window is closed").hasSize(1);
    assertThat(got.get(0).getWindowStartMicros()).isEqualTo(previousStart);
    assertThat(got.get(0).getPredictedClass()).isEqualTo(previous.predictedClass());
    assertThat(metrics.eventsBinned.count()).isEqualTo(3.0 * T * 21);
  }

  @Test
  void aQuietSensorsWindowIsClosedByWallClockPunctuation() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    EventBatch sample = events(new Random(3), 300, START, DURATION / 2);
    send(packets("cam-7", "s", 2, sample, START, DURATION, 100, false));
    assertThat(out.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(500));
    assertThat(out.isEmpty()).as("not quiet for long enough").isTrue();
    driver.advanceWallClockTime(AppConfig.DEFAULT_QUIET_TIMEOUT);
    Classification c = out.readValue();
    assertThat(c.getSensorId()).isEqualTo("cam-7");
    assertThat(c.getExitStep()).isEqualTo(T - 1);
    assertThat(c.getPredictedClass())
        .isEqualTo(reference(model, sample, START, DURATION).predictedClass());
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(out.isEmpty()).as("closed once").isTrue();
  }

  @Test
  void eventsOfASampleClosedAsQuietDoNotClassifyItAgain() {
    // a survivor that takes over a sensor after a failover rebuilds its window, may close it as
    // quiet, and only then reach the rest of the sample in its input backlog
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    EventBatch first = events(new Random(4), 300, START, DURATION / 2);
    EventBatch rest = events(new Random(5), 300, START + DURATION / 2, DURATION / 2);
    send(packets("cam-7", "s", 2, first, START, DURATION, 100, false));
    driver.advanceWallClockTime(AppConfig.DEFAULT_QUIET_TIMEOUT.plusSeconds(1));
    assertThat(out.readValuesToList()).as("closed as quiet").hasSize(1);
    double afterExit = metrics.eventsAfterExit.count();
    send(packets("cam-7", "s", 2, rest, START, DURATION, 100, true));
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(out.isEmpty()).as("the sample is not classified twice").isTrue();
    assertThat(metrics.eventsAfterExit.count() - afterExit).isEqualTo(300.0);
    // the sensor's next sample is classified as usual
    EventBatch next = events(new Random(6), 300, START + DURATION, DURATION);
    send(packets("cam-7", "s2", 1, next, START + DURATION, DURATION, 100, true));
    List<Classification> got = out.readValuesToList();
    assertThat(got).extracting(Classification::getSampleId).containsExactly("s2");
    assertThat(got.get(0).getPredictedClass())
        .isEqualTo(reference(model, next, START + DURATION, DURATION).predictedClass());
  }

  @Test
  void aBacklogOfOldRecordsDoesNotCloseAWindowAsQuiet() {
    // a survivor catching up after a failover reads records produced long ago: the wall-clock
    // silence between a sensor's packets is then its own reading pace, not the sensor going quiet
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    driver.advanceWallClockTime(Duration.ofSeconds(100));
    Instant produced = Instant.ofEpochSecond(60); // 40 s before the wall clock
    EventBatch whole = events(new Random(4), 600, START, DURATION);
    List<EventPacket> sample = packets("cam-7", "s", 2, whole, START, DURATION, 100, true);
    for (int i = 0; i < 3; i++) {
      events.pipeInput(new TestRecord<>("cam-7", sample.get(i), produced.plusMillis(i)));
    }
    EventBatch other = events(new Random(6), 300, START, DURATION);
    List<EventPacket> others = packets("cam-8", "o", 1, other, START, DURATION, 50, false);
    for (int i = 0; i < others.size(); i++) {
      // the task reads another sensor's backlog for longer than the quiet timeout
      events.pipeInput(new TestRecord<>("cam-8", others.get(i), produced.plusMillis(10 + i)));
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    assertThat(out.isEmpty()).as("no window closed while the task reads a backlog").isTrue();
    assertThat(metrics.quietClosesDeferred.count()).isPositive();
    for (int i = 3; i < sample.size(); i++) {
      events.pipeInput(new TestRecord<>("cam-7", sample.get(i), produced.plusMillis(20 + i)));
    }
    Classification c = out.readValue();
    assertThat(c.getSampleId()).isEqualTo("s");
    assertThat(c.getPredictedClass())
        .isEqualTo(reference(model, whole, START, DURATION).predictedClass());
    assertThat(metrics.eventsAfterExit.count()).isZero();
    assertThat(metrics.eventsBinned.count()).isEqualTo(600.0 + 300.0);
    // once the task has read nothing for the timeout, a quiet window closes as before
    driver.advanceWallClockTime(AppConfig.DEFAULT_QUIET_TIMEOUT.plusSeconds(1));
    assertThat(out.readValuesToList())
        .extracting(Classification::getSensorId)
        .containsExactly("cam-8");
  }

  @Test
  void inABacklogASensorQuietInRecordTimeIsClosed() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    driver.advanceWallClockTime(Duration.ofSeconds(100));
    Instant produced = Instant.ofEpochSecond(60);
    EventBatch half = events(new Random(4), 300, START, DURATION / 2);
    for (EventPacket p : packets("cam-7", "s", 2, half, START, DURATION, 100, false)) {
      events.pipeInput(new TestRecord<>("cam-7", p, produced));
    }
    // the backlog goes on, with records produced ever later: cam-7 sent nothing for 3 s of them
    EventBatch other = events(new Random(6), 300, START, DURATION);
    List<EventPacket> others = packets("cam-8", "o", 1, other, START, DURATION, 50, false);
    for (int i = 0; i < others.size(); i++) {
      events.pipeInput(new TestRecord<>("cam-8", others.get(i), produced.plusMillis(600L * i)));
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    assertThat(out.readValuesToList())
        .as("cam-7 quiet in record time")
        .extracting(Classification::getSensorId)
        .containsExactly("cam-7");
  }

  @Test
  void aNewSampleClosesTheOpenOneFirst() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    Random random = new Random(8);
    EventBatch a = events(random, 300, START, DURATION);
    EventBatch b = events(random, 300, START + DURATION, DURATION);
    send(packets("cam-1", "a", 0, a, START, DURATION, 100, false));
    send(packets("cam-1", "b", 1, b, START + DURATION, DURATION, 100, true));
    List<Classification> got = out.readValuesToList();
    assertThat(got).extracting(Classification::getSampleId).containsExactly("a", "b");
    assertThat(got.get(0).getPredictedClass())
        .isEqualTo(reference(model, a, START, DURATION).predictedClass());
    assertThat(got.get(1).getPredictedClass())
        .isEqualTo(reference(model, b, START + DURATION, DURATION).predictedClass());
  }

  @Test
  void badRecordsGoToTheDlqWithTheirReasonAndTheAppKeepsRunning() {
    ModelArtifact model = model(nBins(), ExitKind.NONE, T - 1, 11);
    start(model);
    byte[] junk = new byte[64];
    new Random(1).nextBytes(junk);
    rawEvents.pipeInput("cam-1".getBytes(StandardCharsets.UTF_8), junk);
    // a wrong schema: a model record on the events topic
    byte[] wrong = SpikestreamSerdes.modelRecord().serialize("", record("m", 1, model));
    rawEvents.pipeInput("cam-1".getBytes(StandardCharsets.UTF_8), wrong);
    // all events out of range: x = 200 on a 32-wide sensor
    EventPacket outside =
        new EventPacketCodec()
            .encode(
                "cam-1",
                0,
                256,
                SENSOR,
                new int[] {200, 201, 3},
                new int[] {1, 1, 1},
                new boolean[] {true, false, true},
                new long[] {START, START + 1, START + 2},
                0,
                3,
                null);
    outside.setWidth(SENSOR); // two of three events now lie outside the sensor
    events.pipeInput("cam-1", outside);

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(dead)
        .extracting(r -> reason(r))
        .containsExactly(
            RecordDecodingException.Reason.BAD_MAGIC.name(),
            RecordDecodingException.Reason.WRONG_RECORD.name(),
            ValidationProcessor.OUT_OF_RANGE_REASON);
    assertThat(dead.get(0).value()).isEqualTo(junk);
    assertThat(metrics.dlqCount("BAD_MAGIC")).isEqualTo(1.0);

    EventBatch sample = events(new Random(3), 300, START, DURATION);
    send(packets("cam-1", "ok", 0, sample, START, DURATION, 100, true));
    assertThat(out.readValuesToList()).hasSize(1);
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(RecordDecodingException.REASON_HEADER);
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aNewerModelIsSwappedInBetweenWindowsAndABadOneIsRejected() {
    ModelArtifact v1 = model(nBins(), ExitKind.NONE, T - 1, 11);
    ModelArtifact v2 = model(nBins(), ExitKind.NONE, T - 1, 12);
    start(null);
    EventBatch early = events(new Random(3), 100, START, DURATION);
    send(packets("cam-1", "early", 0, early, START, DURATION, 100, true));
    assertThat(out.isEmpty()).as("no model: waits").isTrue();
    assertThat(metrics.eventsWithoutModel.count()).isEqualTo(100.0);

    models.pipeInput("m", record("m", 1, v1));
    Random random = new Random(4);
    EventBatch a = events(random, 300, START, DURATION);
    List<EventPacket> pa = packets("cam-1", "a", 0, a, START, DURATION, 100, true);
    events.pipeInput("cam-1", pa.get(0));
    models.pipeInput("m", record("m", 2, v2)); // arrives mid-window
    for (int i = 1; i < pa.size(); i++) {
      events.pipeInput("cam-1", pa.get(i));
    }
    Classification ca = out.readValue();
    assertThat(ca.getModelVersion()).isEqualTo(1);
    assertThat(ca.getPredictedClass())
        .isEqualTo(reference(v1, a, START, DURATION).predictedClass());

    ModelRecord bad = record("m", 3, v1);
    bad.setSha256("00" + bad.getSha256().substring(2));
    models.pipeInput("m", bad);
    assertThat(metrics.modelsRejected.count()).isEqualTo(1.0);

    EventBatch b = events(random, 300, START + DURATION, DURATION);
    send(packets("cam-1", "b", 0, b, START + DURATION, DURATION, 100, true));
    Classification cb = out.readValue();
    assertThat(cb.getModelVersion()).isEqualTo(2);
    assertThat(cb.getPredictedClass())
        .isEqualTo(reference(v2, b, START + DURATION, DURATION).predictedClass());
    assertThat(metrics.modelsLoaded.count()).isEqualTo(2.0);
  }

  @Test
  void topologyDescriptionMatchesTheCommittedSnapshot() throws Exception {
    String described =
        SpikestreamTopology.build(
                AppConfig.defaults("unused:9092"),
                new ModelSlot(),
                new StreamMetrics(new SimpleMeterRegistry()))
            .describe()
            .toString()
            .replaceAll("@[0-9a-f]+", "");
    Path snapshot = Path.of(getClass().getResource("/io/spikestream/streams/topology.txt").toURI());
    assertThat(described.strip()).isEqualTo(Files.readString(snapshot).strip());
  }
}
