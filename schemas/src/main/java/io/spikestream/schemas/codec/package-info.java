/**
 * The packed column layout of {@code EventPacket} (see the schema's doc string and DESIGN section
 * 5): {@link io.spikestream.schemas.codec.EventPacketCodec} packs events from parallel primitive
 * arrays and unpacks them into a reusable {@link io.spikestream.schemas.codec.EventColumns}, with
 * no per-event objects. No Kafka, no I/O.
 */
package io.spikestream.schemas.codec;
