package io.spikestream.cli;

import io.spikestream.producers.Compression;
import io.spikestream.producers.ReplayConfig;
import picocli.CommandLine.Option;

/**
 * The options of every command that publishes EventPacket records ({@code replay}, {@code camera}):
 * where to, how events are cut into packets, and the producer's compression. A picocli mixin, so
 * that the two commands spell, default and document them alike.
 */
final class PacketPublishOptions {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(
      names = "--topic",
      defaultValue = ReplayConfig.DEFAULT_TOPIC,
      description = "Topic (must exist). Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--packet-events",
      defaultValue = "" + ReplayConfig.DEFAULT_PACKET_MAX_EVENTS,
      paramLabel = "N",
      description = "At most N events per packet. Default: ${DEFAULT-VALUE}.")
  int packetEvents;

  @Option(
      names = "--packet-micros",
      defaultValue = "" + ReplayConfig.DEFAULT_PACKET_MAX_SPAN_MICROS,
      paramLabel = "US",
      description =
          "At most this much event time per packet, 0 = no limit. Default: ${DEFAULT-VALUE}.")
  long packetMicros;

  @Option(
      names = "--compression",
      paramLabel = "CODEC",
      description = "Producer compression: ${COMPLETION-CANDIDATES}. Default: lz4.")
  Compression compression;

  /** {@code defaults} with the topic, packet limits and compression given on the command line. */
  ReplayConfig applyTo(ReplayConfig defaults) {
    return defaults
        .withTopic(topic)
        .withPacketLimits(packetEvents, packetMicros)
        .withProducerTuning(
            compression == null ? defaults.compression() : compression,
            defaults.lingerMillis(),
            defaults.batchSizeBytes());
  }
}
