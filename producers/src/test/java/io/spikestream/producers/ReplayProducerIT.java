package io.spikestream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.testsupport.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays into the in-process broker and reads the topic back. Packets are decoded here from the
 * EventPacket.avsc layout itself (uint16 LE columns, LSB-first polarity bits, zigzag LEB128
 * deltas), independently of the producer's packing code.
 */
class ReplayProducerIT {

  private static TestKafka broker;

  @BeforeAll
  static void startBroker() {
    broker = TestKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A sample held in memory: its events and label. */
  record MemorySample(String id, int label, EventBatch events) {
    ReplaySample toReplay() {
      return ReplaySample.of(
          id,
          label,
          "class" + label,
          into -> {
            into.clear();
            into.addAll(events);
            return SensorGeometry.DVS128;
          });
    }
  }

  /** Dense DVS128-like random events over {@code spanMicros}, timestamps non-decreasing. */
  static MemorySample randomSample(String id, int label, int n, long spanMicros, long seed) {
    Random r = new Random(seed);
    EventBatch b = new EventBatch(Math.max(1, n));
    long t0 = 1_000 + r.nextInt(5_000);
    for (int i = 0; i < n; i++) {
      long t = t0 + (n == 1 ? 0 : (long) ((double) i * spanMicros / (n - 1)));
      b.add(r.nextInt(128), r.nextInt(128), r.nextBoolean(), t);
    }
    return new MemorySample(id, label, b);
  }

  private String freshTopic(int partitions) {
    String name = "events-" + UUID.randomUUID();
    broker.createTopic(name, partitions);
    return name;
  }

  private ReplayConfig config(String topic) {
    return ReplayConfig.defaults(broker.bootstrapServers())
        .withTopic(topic)
        .withSensorId("cam-7")
        .withSpeed(Double.POSITIVE_INFINITY)
        .withPacketLimits(1000, 20_000)
        .withOriginMicros(5_000_000);
  }

  @Test
  void everySampleArrivesWithAllItsEventsInOrderAndLabelsIntact() throws Exception {
    String topic = freshTopic(3);
    List<MemorySample> samples =
        List.of(
            randomSample("a", 3, 4_500, 1_300_000, 1),
            randomSample("b", 0, 0, 0, 2),
            randomSample("c", 9, 1, 0, 3),
            randomSample("d", 5, 2_000, 30_000, 4));
    ReplaySummary summary =
        new ReplayProducer(config(topic), SpikestreamSerdes.eventPacket().serializer())
            .replay(samples.stream().map(MemorySample::toReplay).toList(), ReplayListener.none());

    assertThat(summary.samples()).isEqualTo(4);
    assertThat(summary.events()).isEqualTo(4_500 + 0 + 1 + 2_000);
    assertThat(summary.stoppedEarly()).isFalse();
    assertThat(summary.cutSample()).isEmpty();

    List<Decoded> packets = readAll(topic, (int) summary.packets());
    assertThat(packets).hasSize((int) summary.packets());
    // one key, so one partition: sequence numbers 0..n-1 without gap or duplicate, in order
    assertThat(packets).extracting(Decoded::key).containsOnly("cam-7");
    for (int i = 0; i < packets.size(); i++) {
      assertThat(packets.get(i).packet().getSequence()).isEqualTo(i);
      assertThat(packets.get(i).packet().getEventCount()).isLessThanOrEqualTo(1000);
    }

    Map<String, List<Decoded>> bySample = new LinkedHashMap<>();
    for (Decoded d : packets) {
      bySample.computeIfAbsent(d.info().getSampleId().toString(), k -> new ArrayList<>()).add(d);
    }
    assertThat(bySample.keySet()).containsExactly("a", "b", "c", "d");
    long previousEnd = Long.MIN_VALUE;
    for (MemorySample s : samples) {
      List<Decoded> ps = bySample.get(s.id());
      SampleInfo first = ps.get(0).info();
      // labels and the sample window travel on every packet, the end marker only on the last
      for (int i = 0; i < ps.size(); i++) {
        SampleInfo info = ps.get(i).info();
        assertThat(info.getLabel()).isEqualTo(s.label());
        assertThat(info.getLabelName().toString()).isEqualTo("class" + s.label());
        assertThat(info.getSampleStartMicros()).isEqualTo(first.getSampleStartMicros());
        assertThat(info.getSampleDurationMicros()).isEqualTo(first.getSampleDurationMicros());
        assertThat(info.getEndOfSample()).isEqualTo(i == ps.size() - 1);
        long span = ps.get(i).ts().length == 0 ? 0 : last(ps.get(i).ts()) - ps.get(i).ts()[0];
        assertThat(span).isLessThan(20_000);
      }
      EventBatch got = new EventBatch();
      ps.forEach(d -> d.appendTo(got));
      EventBatch want = s.events();
      assertThat(got.size()).isEqualTo(want.size());
      long start = first.getSampleStartMicros();
      // the N_BINS rule: start = first event (shifted), duration = last - first + 1
      if (want.size() == 0) {
        assertThat(first.getSampleDurationMicros()).isEqualTo(1);
      } else {
        long wantFirst = want.timestampMicros(0);
        assertThat(first.getSampleDurationMicros())
            .isEqualTo(want.timestampMicros(want.size() - 1) - wantFirst + 1);
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.x(i)).isEqualTo(want.x(i));
          assertThat(got.y(i)).isEqualTo(want.y(i));
          assertThat(got.on(i)).isEqualTo(want.on(i));
          assertThat(got.timestampMicros(i) - start).isEqualTo(want.timestampMicros(i) - wantFirst);
        }
      }
      // samples back to back: each starts after the previous one's window
      assertThat(start).isGreaterThanOrEqualTo(previousEnd);
      previousEnd = start + first.getSampleDurationMicros();
    }
    assertThat(bySample.get("a").get(0).info().getSampleStartMicros()).isEqualTo(5_000_000);
  }

  @Test
  void cifar10DvsFolderSplitArrivesCompleteInOrderWithLabels(@TempDir Path root) throws Exception {
    Map<String, EventBatch> written =
        Aedat2TestFiles.cifar10DvsFolder(root, new int[] {1, 7}, new int[] {0, 900, 901}, 3);
    String topic = freshTopic(2);
    List<ReplaySample> test = ReplaySources.open(root, "test");
    ReplaySummary summary =
        new ReplayProducer(
                config(topic).withPacketLimits(256, 0),
                SpikestreamSerdes.eventPacket().serializer())
            .replay(test, ReplayListener.none());
    assertThat(summary.samples()).isEqualTo(4);

    Map<String, EventBatch> got = new LinkedHashMap<>();
    Map<String, Integer> labels = new LinkedHashMap<>();
    List<Decoded> packets = readAll(topic, (int) summary.packets());
    assertThat(packets).hasSize((int) summary.packets());
    long previousSequence = -1;
    for (Decoded d : packets) {
      assertThat(d.packet().getSequence()).isEqualTo(previousSequence + 1);
      previousSequence = d.packet().getSequence();
      String id = d.info().getSampleId().toString();
      d.appendTo(got.computeIfAbsent(id, k -> new EventBatch()));
      labels.put(id, d.info().getLabel());
    }
    assertThat(got.keySet())
        .containsExactly(
            "automobile/cifar10_automobile_900.aedat",
            "automobile/cifar10_automobile_901.aedat",
            "horse/cifar10_horse_900.aedat",
            "horse/cifar10_horse_901.aedat");
    assertThat(labels.values()).containsExactly(1, 1, 7, 7);
    for (Map.Entry<String, EventBatch> e : got.entrySet()) {
      EventBatch want = written.get(e.getKey());
      EventBatch have = e.getValue();
      assertThat(have.size()).as(e.getKey()).isEqualTo(want.size());
      long shift = have.timestampMicros(0) - want.timestampMicros(0);
      for (int i = 0; i < want.size(); i++) {
        assertThat(have.x(i)).isEqualTo(want.x(i));
        assertThat(have.y(i)).isEqualTo(want.y(i));
        assertThat(have.on(i)).isEqualTo(want.on(i));
        assertThat(have.timestampMicros(i) - shift).isEqualTo(want.timestampMicros(i));
      }
    }
  }

  @Test
  void missingTopicIsReportedBeforeAnythingIsSent() {
    ReplayProducer p =
        new ReplayProducer(config("no-such-topic"), SpikestreamSerdes.eventPacket().serializer());
    assertThatThrownBy(() -> p.replay(List.of(randomSample("a", 1, 10, 100, 1).toReplay()), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-topic")
        .hasMessageContaining("does not exist");
  }

  @Test
  void unreachableBrokerIsReportedWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ReplayConfig c = ReplayConfig.defaults("127.0.0.1:" + port).withConnectTimeoutMillis(1_000);
    ReplayProducer p = new ReplayProducer(c, SpikestreamSerdes.eventPacket().serializer());
    assertThatThrownBy(p::checkBrokerAndTopic)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot reach Kafka at 127.0.0.1:" + port);
  }

  @Test
  void unreadableSampleStopsTheReplayAndNamesIt() {
    String topic = freshTopic(1);
    ReplaySample broken =
        ReplaySample.of(
            "broken.aedat",
            2,
            null,
            into -> {
              throw new IOException("truncated at byte 17");
            });
    ReplayProducer p =
        new ReplayProducer(config(topic), SpikestreamSerdes.eventPacket().serializer());
    assertThatThrownBy(
            () ->
                p.replay(
                    List.of(randomSample("ok", 1, 100, 1000, 1).toReplay(), broken),
                    ReplayListener.none()))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("broken.aedat")
        .hasMessageContaining("truncated at byte 17")
        .satisfies(
            e -> {
              ReplaySummary s = ((ReplayException) e).summary();
              assertThat(s.samples()).isEqualTo(1);
              assertThat(s.lastCompleteSample()).hasValue("ok");
              assertThat(s.cutSample()).isEmpty();
            });
  }

  @Test
  void pacingSpreadsSendsOverEventTimeDividedBySpeed() throws Exception {
    String topic = freshTopic(1);
    // 2.4 s of event time at speed 4 -> about 600 ms of wall-clock time
    MemorySample s = randomSample("paced", 1, 3_000, 2_400_000, 9);
    ReplayConfig c = config(topic).withSpeed(4.0).withPacketLimits(4096, 50_000);
    long t0 = System.nanoTime();
    ReplaySummary summary =
        new ReplayProducer(c, SpikestreamSerdes.eventPacket().serializer())
            .replay(List.of(s.toReplay()), null);
    long wallMicros = (System.nanoTime() - t0) / 1_000;
    List<Decoded> packets = readAll(topic, (int) summary.packets());
    assertThat(packets).hasSizeGreaterThan(20);
    long eventSpan = last(packets.get(packets.size() - 1).ts()) - 5_000_000;
    // a packet is never sent before its last event's time / speed: a lower bound, not a speed test
    assertThat(wallMicros).isGreaterThanOrEqualTo((long) (eventSpan / 4.0));
    // send times (record timestamps, ms) follow event time: never decreasing, and spread out
    List<Long> sendMillis = packets.stream().map(Decoded::timestampMillis).toList();
    assertThat(sendMillis).isSorted();
    long sendSpread = sendMillis.get(sendMillis.size() - 1) - sendMillis.get(0);
    long firstPacketEnd = last(packets.get(0).ts()) - 5_000_000;
    assertThat(sendSpread * 1000)
        .isGreaterThanOrEqualTo((long) ((eventSpan - firstPacketEnd) / 4.0 * 0.5));
  }

  /**
   * The project's serializer, which also runs {@code action} on the replaying thread right after
   * the third packet was serialized: a stop or an interrupt in the middle of the first sample,
   * without relying on timing.
   */
  private static Serializer<EventPacket> afterThirdPacket(Runnable action) {
    Serializer<EventPacket> real = SpikestreamSerdes.eventPacket().serializer();
    AtomicInteger count = new AtomicInteger();
    return (topic, packet) -> {
      byte[] bytes = real.serialize(topic, packet);
      if (count.incrementAndGet() == 3) {
        action.run();
      }
      return bytes;
    };
  }

  @Test
  void stopRequestFinishesTheCurrentSampleWithItsEndMarker() throws Exception {
    String topic = freshTopic(1);
    // sample 0 lasts 3 s of event time at speed 1; the stop comes at its third packet
    List<ReplaySample> samples =
        List.of(
            randomSample("long", 4, 30_000, 3_000_000, 5).toReplay(),
            randomSample("never", 6, 100, 1_000, 6).toReplay());
    AtomicReference<ReplayProducer> self = new AtomicReference<>();
    ReplayProducer p =
        new ReplayProducer(
            config(topic).withSpeed(1.0), afterThirdPacket(() -> self.get().requestStop()));
    self.set(p);
    ReplaySummary summary = p.replay(samples, ReplayListener.none());
    assertThat(summary.stoppedEarly()).isTrue();
    assertThat(summary.samples()).isEqualTo(1);
    assertThat(summary.lastCompleteSample()).hasValue("long");
    assertThat(summary.cutSample()).isEmpty();
    List<Decoded> packets = readAll(topic, (int) summary.packets());
    assertThat(packets).allMatch(d -> d.info().getSampleId().toString().equals("long"));
    assertThat(packets.get(packets.size() - 1).info().getEndOfSample()).isTrue();
    assertThat(packets.stream().mapToInt(d -> d.ts().length).sum()).isEqualTo(30_000);
  }

  @Test
  void interruptingTheReplayingThreadAlsoFinishesTheSample() throws Exception {
    String topic = freshTopic(1);
    List<ReplaySample> samples =
        List.of(
            randomSample("first", 1, 20_000, 3_000_000, 7).toReplay(),
            randomSample("second", 2, 100, 1_000, 8).toReplay());
    ReplayProducer p =
        new ReplayProducer(
            config(topic).withSpeed(1.0),
            afterThirdPacket(() -> Thread.currentThread().interrupt()));
    ReplaySummary summary = p.replay(samples, ReplayListener.none());
    boolean interruptKept = Thread.interrupted(); // also clears it for the next test
    assertThat(summary.samples()).isEqualTo(1);
    assertThat(summary.events()).isEqualTo(20_000);
    assertThat(summary.lastCompleteSample()).hasValue("first");
    assertThat(interruptKept).isTrue();
  }

  // ---- reading the topic back, decoding EventPacket.avsc's layout independently ----

  record Decoded(
      String key,
      long timestampMillis,
      EventPacket packet,
      int[] x,
      int[] y,
      boolean[] on,
      long[] ts) {
    SampleInfo info() {
      return packet.getSample();
    }

    void appendTo(EventBatch b) {
      for (int i = 0; i < ts.length; i++) {
        b.add(x[i], y[i], on[i], ts[i]);
      }
    }
  }

  private static long last(long[] a) {
    return a[a.length - 1];
  }

  static Decoded decode(String key, long timestampMillis, byte[] value) throws IOException {
    EventPacket p = SpikestreamSerdes.eventPacket().deserializer().deserialize("replay-it", value);
    int n = p.getEventCount();
    ByteBuffer xb = p.getX().duplicate();
    ByteBuffer yb = p.getY().duplicate();
    ByteBuffer pb = p.getPolarity().duplicate();
    ByteBuffer tb = p.getTimestampDeltas().duplicate();
    assertThat(xb.remaining()).isEqualTo(2 * n);
    assertThat(yb.remaining()).isEqualTo(2 * n);
    assertThat(pb.remaining()).isEqualTo((n + 7) / 8);
    int[] x = new int[n];
    int[] y = new int[n];
    boolean[] on = new boolean[n];
    long[] ts = new long[n];
    long t = p.getBaseTimestampMicros();
    for (int i = 0; i < n; i++) {
      x[i] = (xb.get() & 0xFF) | (xb.get() & 0xFF) << 8;
      y[i] = (yb.get() & 0xFF) | (yb.get() & 0xFF) << 8;
      on[i] = (pb.get(pb.position() + (i >> 3)) >> (i & 7) & 1) == 1;
      long z = 0;
      int shift = 0;
      int b;
      do {
        b = tb.get() & 0xFF;
        z |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      t += (z >>> 1) ^ -(z & 1);
      ts[i] = t;
    }
    assertThat(tb.remaining()).isZero();
    return new Decoded(key, timestampMillis, p, x, y, on, ts);
  }

  /** Reads the topic from the beginning until {@code expected} records arrived (or 30 s). */
  static List<Decoded> readAll(String topic, int expected) throws IOException {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      c.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    List<Decoded> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      out.add(decode(r.key(), r.timestamp(), r.value()));
    }
    return out;
  }
}
