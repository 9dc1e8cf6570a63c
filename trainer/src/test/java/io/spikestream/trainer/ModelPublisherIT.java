package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.artifact.Provenance;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import io.spikestream.testsupport.TestKafka;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** A published model arrives on a compacted topic under its name, with a checked artifact. */
class ModelPublisherIT {

  @Test
  void publishedRecordCarriesTheArtifactUnderTheModelName() throws IOException {
    NetworkConfig config = NetworkConfig.of(Architecture.parse("c4-p2-f8"), 2, 8, 8, 3, 4);
    Instant created = Instant.parse("2026-11-26T21:00:00Z");
    ModelArtifact artifact =
        new ModelArtifact(
            ModelParameters.initialise(config, 1L),
            List.of("a", "b", "c"),
            BinningSpec.nBins(4, 8, 8, FrameValue.COUNT),
            null,
            null,
            null,
            new Provenance("x", "9:1", 1L, 1, Map.of(), null, created.toString()));
    try (TestKafka broker = TestKafka.start()) {
      broker.createTopic("snn.models", 1, Map.of("cleanup.policy", "compact"));
      String where =
          ModelPublisher.publish(broker.bootstrapServers(), "snn.models", "tiny", artifact);
      assertThat(where).startsWith("snn.models-0@");
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
      try (KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
        TopicPartition tp = new TopicPartition("snn.models", 0);
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        for (int i = 0; i < 50 && got.isEmpty(); i++) {
          c.poll(Duration.ofMillis(200)).forEach(got::add);
        }
      }
      assertThat(got).hasSize(1);
      assertThat(got.get(0).key()).isEqualTo("tiny");
      ModelRecord r = SpikestreamSerdes.modelRecord().deserialize("snn.models", got.get(0).value());
      assertThat(r.getModelName().toString()).isEqualTo("tiny");
      assertThat(r.getVersion()).isEqualTo(created.toEpochMilli());
      ByteBuffer b = r.getArtifact();
      byte[] zip = new byte[b.remaining()];
      b.get(zip);
      assertThat(r.getSizeBytes()).isEqualTo(zip.length);
      assertThat(r.getSha256().toString()).isEqualTo(ModelPublisher.sha256(zip));
      ModelArtifact back = ModelArtifacts.readZip(zip, "record");
      assertThat(back.classNames()).containsExactly("a", "b", "c");
      assertThat(back.parameters().tensor("output.weight"))
          .containsExactly(artifact.parameters().tensor("output.weight"));
    }
    assertThatThrownBy(
            () -> ModelPublisher.publish("127.0.0.1:1", "snn.models", "tiny", artifact, 2_000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot publish model 'tiny'");
  }
}
