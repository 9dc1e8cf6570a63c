package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.filter.FilterSpecs;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySources;
import io.spikestream.producers.ReplaySummary;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code replay --filter}: a real N-MNIST recording replayed through {@code polarity:on} and {@code
 * downsample:2} arrives as exactly the file's ON events with halved coordinates, in order, in
 * packets of the 17×17 geometry, with the end-of-sample marker.
 */
class ReplayWithFiltersIT {

  private static LocalKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void filteredReplayCarriesTheFilteredEventsAndGeometry() throws Exception {
    Path file = LiveFixtures.shared("nmnist/tonic_sample_nmnist.bin");
    EventBatch events = LiveFixtures.load(file).events();
    EventBatch expected = new EventBatch(events.size());
    for (int i = 0; i < events.size(); i++) {
      if (events.on(i)) {
        expected.add(events.x(i) / 2, events.y(i) / 2, true, events.timestampMicros(i));
      }
    }
    String topic = "replay-filter-it";
    broker.createTopic(topic, 1);
    ReplayConfig config =
        ReplayConfig.defaults(broker.bootstrapServers())
            .withTopic(topic)
            .withSensorId("nmnist")
            .withSpeed(Double.POSITIVE_INFINITY)
            .withOriginMicros(0);
    List<ReplaySample> samples = ReplaySources.open(file, "all");
    ReplayProducer producer =
        new ReplayProducer(
            config,
            SpikestreamSerdes.eventPacket().serializer(),
            FilterSpecs.parseAll(List.of("polarity:on", "downsample:2")));
    ReplaySummary summary = producer.replay(samples, null);
    assertThat(summary.events()).isEqualTo(expected.size());

    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(60));
    EventBatch got = back.events();
    assertThat(got.size()).isEqualTo(expected.size());
    // the replay places the sample on its own time axis: compare times relative to the first
    long shift = got.timestampMicros(0) - expected.timestampMicros(0);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(got.x(i)).isEqualTo(expected.x(i));
      assertThat(got.y(i)).isEqualTo(expected.y(i));
      assertThat(got.on(i)).isTrue();
      assertThat(got.timestampMicros(i) - shift).isEqualTo(expected.timestampMicros(i));
    }
    for (EventPacket p : back.packets()) {
      assertThat(p.getWidth()).isEqualTo(17);
      assertThat(p.getHeight()).isEqualTo(17);
    }
    assertThat(back.packets().get(back.packets().size() - 1).getSample().getEndOfSample()).isTrue();
  }
}
