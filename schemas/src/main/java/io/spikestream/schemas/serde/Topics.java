package io.spikestream.schemas.serde;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of a spikestream deployment (DESIGN section 5). {@link #defaults()} gives the default
 * names; a deployment may rename any of them with the {@code with...} methods or the constructor.
 *
 * @param events sensor events, key = sensorId
 * @param eventsDlq undecodable or invalid event records, as the original bytes, with the reason in
 *     the headers {@link RecordDecodingException#REASON_HEADER} and {@link
 *     RecordDecodingException#MESSAGE_HEADER}
 * @param classifications decisions of the network, key = sensorId
 * @param models published models (compacted), key = model name
 */
public record Topics(
    Topic<String, EventPacket> events,
    Topic<byte[], byte[]> eventsDlq,
    Topic<String, Classification> classifications,
    Topic<String, ModelRecord> models) {

  public static final String DEFAULT_EVENTS = "dvs.events";
  public static final String DEFAULT_EVENTS_DLQ = "dvs.events.dlq";
  public static final String DEFAULT_CLASSIFICATIONS = "snn.classifications";
  public static final String DEFAULT_MODELS = "snn.models";

  public Topics {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(eventsDlq, "eventsDlq");
    Objects.requireNonNull(classifications, "classifications");
    Objects.requireNonNull(models, "models");
  }

  /** The default names with the standard serdes (new serde instances per call). */
  public static Topics defaults() {
    return new Topics(
        new Topic<>(DEFAULT_EVENTS, Serdes.String(), SpikestreamSerdes.eventPacket()),
        new Topic<>(DEFAULT_EVENTS_DLQ, Serdes.ByteArray(), Serdes.ByteArray()),
        new Topic<>(DEFAULT_CLASSIFICATIONS, Serdes.String(), SpikestreamSerdes.classification()),
        new Topic<>(DEFAULT_MODELS, Serdes.String(), SpikestreamSerdes.modelRecord()));
  }

  public Topics withEvents(String name) {
    return new Topics(events.withName(name), eventsDlq, classifications, models);
  }

  public Topics withEventsDlq(String name) {
    return new Topics(events, eventsDlq.withName(name), classifications, models);
  }

  public Topics withClassifications(String name) {
    return new Topics(events, eventsDlq, classifications.withName(name), models);
  }

  public Topics withModels(String name) {
    return new Topics(events, eventsDlq, classifications, models.withName(name));
  }
}
