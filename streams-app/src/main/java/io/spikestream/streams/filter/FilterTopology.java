package io.spikestream.streams.filter;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The filter stage's topology, a pure function of its configuration: input topic → {@link
 * FilterProcessor} (per-sensor filter chains) → output topic, undecodable records → DLQ. Node names
 * are constants (they are part of the application's identity).
 */
public final class FilterTopology {

  public static final String SOURCE = "filter-source";
  public static final String PROCESSOR = "filter-processor";
  public static final String SINK = "filter-sink";
  public static final String DLQ_SINK = "filter-dlq-sink";

  private FilterTopology() {}

  /** Builds the topology; {@code stats} collects its counters. */
  public static Topology build(FilterStageConfig config, FilterStats stats) {
    Topology t = new Topology();
    t.addSource(
        SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        config.inputTopic());
    t.addProcessor(PROCESSOR, () -> new FilterProcessor(config.filters(), stats), SOURCE);
    t.addSink(
        SINK,
        config.outputTopic(),
        Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(),
        PROCESSOR);
    t.addSink(
        DLQ_SINK,
        config.dlqTopic(),
        Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(),
        PROCESSOR);
    return t;
  }
}
