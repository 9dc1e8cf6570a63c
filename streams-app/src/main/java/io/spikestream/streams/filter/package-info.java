/**
 * The filter stage: a small Kafka Streams application ({@code spikestream filter}) that reads
 * EventPacket records, runs each sensor's events through its own {@code dvs.filter} chain and
 * writes the filtered packets to another topic. Kept apart from the classifier topology.
 */
package io.spikestream.streams.filter;
