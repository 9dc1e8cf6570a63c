package io.spikestream.streams.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The filter stage on {@link TopologyTestDriver}: per-sensor state (refractory memory of one sensor
 * does not silence another, and persists across packets), geometry after ROI and downsampling,
 * sequence and sample info kept, an emptied packet still forwarded, garbage to the DLQ.
 */
class FilterTopologyTest {

  private final EventPacketCodec codec = new EventPacketCodec();

  private EventPacket packet(String sensor, long seq, int[] xs, int[] ys, long[] ts, SampleInfo s) {
    boolean[] ps = new boolean[xs.length];
    java.util.Arrays.fill(ps, true);
    return codec.encode(sensor, seq, 128, 128, xs, ys, ps, ts, 0, xs.length, s);
  }

  private List<String> events(EventPacket p) {
    EventColumns c = new EventColumns();
    codec.decode(p, c, OutOfRange.REJECT);
    List<String> l = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      l.add(c.xs()[i] + "," + c.ys()[i] + "@" + c.timestampsMicros()[i]);
    }
    return l;
  }

  @Test
  void filtersEachSensorWithItsOwnState() {
    FilterStageConfig config =
        new FilterStageConfig(
            "unused:9092",
            "filter-test",
            "dvs.raw",
            "dvs.events",
            "dvs.raw.dlq",
            FilterSpecs.parseAll(
                List.of("refractory:1ms", "roi:x=64,y=0,w=64,h=64", "downsample:2")));
    Properties props = config.streamsProperties();
    props.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    FilterStats stats = new FilterStats();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(FilterTopology.build(config, stats), props)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              "dvs.raw", Serdes.String().serializer(), Serdes.ByteArray().serializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic(
              "dvs.events", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic(
              "dvs.raw.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
      var serde = SpikestreamSerdes.eventPacket();
      SampleInfo info =
          SampleInfo.newBuilder()
              .setSampleId("s1")
              .setLabel(3)
              .setLabelName("cat")
              .setSampleStartMicros(0)
              .setSampleDurationMicros(10_000)
              .setEndOfSample(true)
              .build();
      // camera A: (70,10) at 0 us and 500 us (refractory drops the second), (10,10) outside ROI
      in.pipeInput(
          "A",
          serde.serialize(
              "",
              packet(
                  "A",
                  7,
                  new int[] {70, 70, 10},
                  new int[] {10, 10, 10},
                  new long[] {0, 500, 600},
                  null)));
      // camera B: the same pixel at 700 us: its own memory, so kept
      in.pipeInput(
          "B",
          serde.serialize(
              "", packet("B", 0, new int[] {70}, new int[] {10}, new long[] {700}, null)));
      // camera A again: 900 us is still refractory (kept one at 0), 1000 us passes
      in.pipeInput(
          "A",
          serde.serialize(
              "",
              packet(
                  "A", 8, new int[] {70, 70}, new int[] {10, 10}, new long[] {900, 1000}, info)));
      // camera A: all events outside the ROI: an empty packet still goes on
      in.pipeInput(
          "A",
          serde.serialize(
              "", packet("A", 9, new int[] {1}, new int[] {1}, new long[] {2000}, null)));
      in.pipeInput("A", "not a packet".getBytes(StandardCharsets.UTF_8));

      List<TestRecord<String, byte[]>> records = out.readRecordsToList();
      assertThat(records).hasSize(4);
      EventPacket a7 = serde.deserialize("", records.get(0).value());
      EventPacket b0 = serde.deserialize("", records.get(1).value());
      EventPacket a8 = serde.deserialize("", records.get(2).value());
      EventPacket a9 = serde.deserialize("", records.get(3).value());
      assertThat(records.get(0).key()).isEqualTo("A");
      assertThat(a7.getSequence()).isEqualTo(7);
      assertThat(a7.getWidth()).isEqualTo(32);
      assertThat(a7.getHeight()).isEqualTo(32);
      // (70 - 64) / 2 = 3, 10 / 2 = 5
      assertThat(events(a7)).containsExactly("3,5@0");
      assertThat(events(b0)).containsExactly("3,5@700");
      assertThat(events(a8)).containsExactly("3,5@1000");
      assertThat(a8.getSample()).isEqualTo(info);
      assertThat(a9.getSequence()).isEqualTo(9);
      assertThat(a9.getEventCount()).isZero();

      List<TestRecord<String, byte[]>> bad = dlq.readRecordsToList();
      assertThat(bad).hasSize(1);
      assertThat(new String(bad.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not a packet");
      assertThat(bad.get(0).headers().lastHeader(RecordDecodingException.REASON_HEADER))
          .isNotNull();
      assertThat(stats.packets()).isEqualTo(4);
      assertThat(stats.eventsIn()).isEqualTo(7);
      assertThat(stats.eventsOut()).isEqualTo(3);
      assertThat(stats.dlq()).isEqualTo(1);
    }
  }
}
