package io.spikestream.streams;

import io.spikestream.schemas.ModelRecord;
import io.spikestream.snn.artifact.ModelArtifacts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model store up to date from the compacted {@code snn.models} topic and swaps a
 * checked, higher version into the {@link ModelSlot} (DESIGN section 10). A bad artifact (no bytes,
 * wrong checksum, unreadable) is logged and counted; the old model keeps serving. Undecodable
 * records arrive as null values (the source's deserializer maps them) and are counted as rejected.
 */
public final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);

  private final ModelSlot slot;
  private final StreamMetrics metrics;
  private KeyValueStore<String, byte[]> store;

  public ModelUpdateProcessor(ModelSlot slot, StreamMetrics metrics) {
    this.slot = slot;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(SpikestreamTopology.MODEL_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    store.put(record.key(), record.value());
    ModelRecord model;
    try {
      model =
          io.spikestream.schemas.serde.SpikestreamSerdes.modelRecord()
              .deserialize("", record.value());
    } catch (RuntimeException e) {
      reject(record.key(), "undecodable record: " + e.getMessage());
      return;
    }
    ByteBuffer bytes = model.getArtifact();
    if (bytes == null) {
      reject(record.key(), "no inline artifact (references are not supported yet)");
      return;
    }
    byte[] zip = new byte[bytes.remaining()];
    bytes.duplicate().get(zip);
    String sha = sha256(zip);
    if (!sha.equalsIgnoreCase(model.getSha256())) {
      reject(record.key(), "sha256 " + sha + " differs from the record's " + model.getSha256());
      return;
    }
    try {
      LoadedModel loaded =
          LoadedModel.of(
              model.getModelName(),
              model.getVersion(),
              ModelArtifacts.readZip(zip, "snn.models/" + record.key()));
      if (slot.offer(loaded)) {
        metrics.modelsLoaded.increment();
        LOG.info("serving model {} version {}", loaded.name(), loaded.version());
      } else {
        LOG.info(
            "ignoring model {} version {}: not newer than the one served",
            loaded.name(),
            loaded.version());
      }
    } catch (IOException | RuntimeException e) {
      reject(record.key(), e.getMessage());
    }
  }

  private void reject(String key, String why) {
    metrics.modelsRejected.increment();
    LOG.warn("rejected model record '{}': {}; the current model keeps serving", key, why);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
