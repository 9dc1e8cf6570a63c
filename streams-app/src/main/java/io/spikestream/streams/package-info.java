/**
 * The Kafka Streams application (DESIGN section 10): {@link
 * io.spikestream.streams.SpikestreamTopology} builds the topology as one pure function of an {@link
 * io.spikestream.streams.AppConfig}; records of {@code dvs.events} are validated ({@link
 * io.spikestream.streams.ValidationProcessor}, bad ones to the DLQ), binned per sensor into
 * timesteps and stepped through the event-driven BNTT kernel with early exit ({@link
 * io.spikestream.streams.SensorClassifierProcessor}); models come from a file and/or the compacted
 * {@code snn.models} topic ({@link io.spikestream.streams.ModelSlot}). {@link
 * io.spikestream.streams.StreamsApp} wires and runs it with an HTTP endpoint.
 */
package io.spikestream.streams;
