package io.spikestream.trainer;

import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a model artifact as a {@link ModelRecord} to the compacted models topic (DESIGN section 5):
 * key = model name, the zipped artifact inline with its SHA-256, version = the artifact's created
 * time in epoch milliseconds (monotonic for successive trainings, so the app swaps to it).
 */
public final class ModelPublisher {

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private ModelPublisher() {}

  /** The record for {@code artifact}. */
  public static ModelRecord record(String modelName, ModelArtifact artifact) throws IOException {
    byte[] zip = ModelArtifacts.toZip(artifact);
    String created = artifact.provenance().createdTime();
    long createdMillis =
        created == null ? System.currentTimeMillis() : Instant.parse(created).toEpochMilli();
    return ModelRecord.newBuilder()
        .setModelName(modelName)
        .setVersion(createdMillis)
        .setCreatedAtMillis(createdMillis)
        .setArtifact(ByteBuffer.wrap(zip))
        .setReference(null)
        .setSha256(sha256(zip))
        .setSizeBytes(zip.length)
        .build();
  }

  /**
   * Publishes {@code artifact} and waits for the broker's acknowledgement.
   *
   * @return where it landed, e.g. {@code snn.models-0@3}
   * @throws IOException when the broker is unreachable or rejects the record
   */
  public static String publish(
      String bootstrap, String topic, String modelName, ModelArtifact artifact) throws IOException {
    return publish(bootstrap, topic, modelName, artifact, 15_000);
  }

  /** As {@link #publish(String, String, String, ModelArtifact)} with a metadata/send wait bound. */
  static String publish(
      String bootstrap, String topic, String modelName, ModelArtifact artifact, int maxBlockMillis)
      throws IOException {
    ModelRecord record = record(modelName, artifact);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMillis);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * maxBlockMillis);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMillis);
    props.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1 << 20, record.getSizeBytes() + 4096)));
    try (KafkaProducer<String, ModelRecord> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), SpikestreamSerdes.modelRecord().serializer())) {
      RecordMetadata m =
          producer
              .send(new ProducerRecord<>(topic, modelName, record))
              .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return m.topic() + "-" + m.partition() + "@" + m.offset();
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IOException(
          "cannot publish model '"
              + modelName
              + "' to "
              + topic
              + " at "
              + bootstrap
              + ": "
              + cause.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing to " + topic, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
