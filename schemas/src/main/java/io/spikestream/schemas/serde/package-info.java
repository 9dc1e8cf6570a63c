/**
 * Kafka serdes for the spikestream records with Avro single-object encoding (DESIGN section 5): a
 * 10-byte header (magic C3 01 and the writer schema's 64-bit fingerprint) before the Avro binary
 * body, so no registry server is needed; {@link io.spikestream.schemas.serde.KnownSchemas} knows
 * the current and the older schema versions. Undecodable bytes raise {@link
 * io.spikestream.schemas.serde.RecordDecodingException} with a machine-readable reason for the DLQ.
 * Topics are typed values ({@link io.spikestream.schemas.serde.Topic}, {@link
 * io.spikestream.schemas.serde.Topics}).
 */
package io.spikestream.schemas.serde;
