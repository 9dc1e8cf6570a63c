package io.spikestream.streams;

import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.schemas.serde.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the app's topology as one pure function (STYLE 1, DESIGN section 10):
 *
 * <pre>
 * dvs.events (bytes) → validate ─┬─ invalid → dvs.events.dlq (reason in headers)
 *                                └─ valid → classify (per sensor, window store) → snn.classifications
 * snn.models (global store) → model update → {@link ModelSlot}
 * </pre>
 *
 * Node, store and changelog names are constants: renaming them breaks state on upgrade, so {@code
 * topology.describe()} is snapshot-tested.
 */
public final class SpikestreamTopology {
  public static final String EVENTS_SOURCE = "events-source";
  public static final String VALIDATOR = "validate-events";
  public static final String CLASSIFIER = "classify-sensor-windows";
  public static final String DLQ_SINK = "dlq-sink";
  public static final String CLASSIFICATIONS_SINK = "classifications-sink";
  public static final String MODELS_SOURCE = "models-source";
  public static final String MODEL_UPDATER = "model-updater";

  /** Open windows per sensor (changelog {@code <applicationId>-open-windows-changelog}). */
  public static final String WINDOW_STORE = "open-windows";

  /** Latest classification per sensor, for interactive queries (HTTP). */
  public static final String LATEST_STORE = "latest-classifications";

  /** Latest model record per model name (global, restored from the models topic). */
  public static final String MODEL_STORE = "models";

  private SpikestreamTopology() {}

  /**
   * The topology for {@code config}; processors count into {@code metrics} and serve the model in
   * {@code slot}.
   */
  public static Topology build(AppConfig config, ModelSlot slot, StreamMetrics metrics) {
    Topics topics = config.topics();
    Topology topology = new Topology();
    topology.addSource(
        EVENTS_SOURCE,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.events().name());
    topology.addProcessor(
        VALIDATOR,
        () -> new ValidationProcessor(config.maxOutOfRangeFraction(), metrics),
        EVENTS_SOURCE);
    topology.addProcessor(
        CLASSIFIER,
        () ->
            new SensorClassifierProcessor(
                slot, metrics, config.punctuationInterval(), config.quietTimeout()),
        VALIDATOR);
    // Cached: a window's open bin is rewritten by every packet, but only its last value before a
    // commit reaches RocksDB and the changelog (flushed inside the EOS transaction, before the
    // offsets), so the durable state still covers every event whose offset is committed.
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled(),
        CLASSIFIER);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_STORE),
            Serdes.String(),
            SpikestreamSerdes.classification()),
        CLASSIFIER);
    topology.addSink(
        DLQ_SINK,
        topics.eventsDlq().name(),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        VALIDATOR);
    topology.addSink(
        CLASSIFICATIONS_SINK,
        topics.classifications().name(),
        new StringSerializer(),
        SpikestreamSerdes.classification().serializer(),
        CLASSIFIER);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        MODELS_SOURCE,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topics.models().name(),
        MODEL_UPDATER,
        () -> new ModelUpdateProcessor(slot, metrics));
    return topology;
  }
}
