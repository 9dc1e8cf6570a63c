/**
 * Publishers of {@code EventPacket} records to Kafka: {@link
 * io.spikestream.producers.ReplayProducer} replays recorded files, folders and dataset splits,
 * paced in event time. Producers read events through the {@code dvs} readers and pack them with the
 * {@code schemas} codec; they never bin or classify.
 */
package io.spikestream.producers;
