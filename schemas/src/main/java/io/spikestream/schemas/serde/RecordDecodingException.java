package io.spikestream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid record. {@link #reason()} is machine-readable, for the DLQ header
 * {@link #REASON_HEADER}; the message says what was found.
 */
public final class RecordDecodingException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Kafka header name under which DLQ records carry {@link Reason#name()}. */
  public static final String REASON_HEADER = "spikestream.error.reason";

  /** Kafka header name under which DLQ records carry the message. */
  public static final String MESSAGE_HEADER = "spikestream.error.message";

  /** Why the bytes could not be turned into a record. */
  public enum Reason {
    /** Not single-object encoded: the first two bytes are not C3 01. */
    BAD_MAGIC,
    /** The writer schema's fingerprint is not in the {@link KnownSchemas}. */
    UNKNOWN_SCHEMA,
    /** A known schema, but of another record than the decoder reads. */
    WRONG_RECORD,
    /** The bytes end before the record does. */
    TRUNCATED,
    /** The body does not parse under the writer schema, or bytes are left over after it. */
    CORRUPT,
    /** The record parses, but its content breaks its own rules (e.g. EventPacket layout). */
    INVALID_CONTENT
  }

  private final Reason reason;

  public RecordDecodingException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public RecordDecodingException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
