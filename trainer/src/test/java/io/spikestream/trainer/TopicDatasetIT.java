package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.testsupport.TestKafka;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Samples assembled from a topic on the in-process broker equal SampleBinner over their events. */
class TopicDatasetIT {

  private static TestKafka broker;

  @BeforeAll
  static void start() {
    broker = TestKafka.start();
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private record Sample(
      String sensor, String id, Integer label, EventBatch events, long start, long duration) {}

  @Test
  void assemblesInterleavedSamplesOfTwoSensorsBySampleInfo() throws IOException {
    String topic = "recorded";
    broker.createTopic(topic, 2);
    Random random = new Random(9);
    SensorGeometry g = SensorGeometry.NMNIST;
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      EventBatch e = new EventBatch();
      long start = 1_000_000L * i;
      for (int k = 0; k < 500; k++) {
        e.add(random.nextInt(34), random.nextInt(34), random.nextBoolean(), start + 10 + k * 7L);
      }
      samples.add(
          new Sample(i % 2 == 0 ? "camA" : "camB", "s" + i, i == 5 ? null : i % 3, e, start, 4000));
    }
    EventPacketCodec codec = new EventPacketCodec();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    Map<String, Long> sequence = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      // packets of 100 events, samples of the two sensors interleaved packet by packet
      for (int pass = 0; pass < 3; pass++) {
        for (int chunk = 0; chunk < 5; chunk++) {
          for (int s = pass * 2; s < pass * 2 + 2; s++) {
            Sample sample = samples.get(s);
            SampleInfo info =
                SampleInfo.newBuilder()
                    .setSampleId(sample.id())
                    .setLabel(sample.label())
                    .setLabelName(sample.label() == null ? null : "class" + sample.label())
                    .setSampleStartMicros(sample.start())
                    .setSampleDurationMicros(sample.duration())
                    .setEndOfSample(chunk == 4)
                    .build();
            EventBatch e = sample.events();
            long seq = sequence.merge(sample.sensor(), 1L, Long::sum) - 1;
            EventPacket packet =
                codec.encode(
                    sample.sensor(),
                    seq,
                    34,
                    34,
                    e.xs(),
                    e.ys(),
                    e.polarities(),
                    e.timestampsMicros(),
                    chunk * 100,
                    100,
                    info);
            producer.send(
                new ProducerRecord<>(
                    topic,
                    sample.sensor(),
                    SpikestreamSerdes.eventPacket().serialize(topic, packet)));
          }
        }
      }
      // a sample whose end never arrives, and a record that is not an EventPacket
      EventBatch e = samples.get(0).events();
      SampleInfo cut =
          SampleInfo.newBuilder()
              .setSampleId("cut")
              .setLabel(1)
              .setSampleStartMicros(0)
              .setSampleDurationMicros(10)
              .setEndOfSample(false)
              .build();
      producer.send(
          new ProducerRecord<>(
              topic,
              "camA",
              SpikestreamSerdes.eventPacket()
                  .serialize(
                      topic,
                      codec.encode(
                          "camA",
                          99,
                          34,
                          34,
                          e.xs(),
                          e.ys(),
                          e.polarities(),
                          e.timestampsMicros(),
                          0,
                          10,
                          cut))));
      producer.send(new ProducerRecord<>(topic, "junk", new byte[] {1, 2, 3}));
      producer.flush();
    }

    BinningSpec spec = BinningSpec.nBins(4, 17, 17, FrameValue.COUNT);
    TopicDataset.Result r = TopicDataset.read(broker.bootstrapServers(), topic, spec, 60_000, null);
    assertThat(r.unlabelled()).isEqualTo(1);
    assertThat(r.incomplete()).isEqualTo(1);
    assertThat(r.skippedPackets()).isEqualTo(1);
    FrameDataset d = r.frames();
    assertThat(d.size()).isEqualTo(5);
    assertThat(r.classNames()).containsExactly("class0", "class1", "class2");
    for (int i = 0; i < d.size(); i++) {
      String id = d.id(i);
      Sample s =
          samples.stream().filter(x -> (x.sensor() + "/" + x.id()).equals(id)).findFirst().get();
      assertThat(d.label(i)).isEqualTo(s.label());
      assertThat(d.frames(i))
          .as(id)
          .containsExactly(SampleBinner.bin(spec, g, s.events(), s.start(), s.duration()));
    }
    assertThatThrownBy(
            () -> TopicDataset.read(broker.bootstrapServers(), "missing", spec, 5_000, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing");
  }
}
