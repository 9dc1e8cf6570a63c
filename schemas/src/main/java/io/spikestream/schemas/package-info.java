/**
 * The Avro records of spikestream (generated from {@code src/main/avro}): {@code EventPacket}
 * (value of dvs.events), {@code Classification} (snn.classifications) and {@code ModelRecord}
 * (snn.models). Packing events is in {@code codec}, Kafka serdes in {@code serde}, JSON rendering
 * in {@code json}.
 */
package io.spikestream.schemas;
