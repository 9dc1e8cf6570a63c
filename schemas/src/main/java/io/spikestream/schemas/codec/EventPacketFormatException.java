package io.spikestream.schemas.codec;

/**
 * An {@code EventPacket} whose content breaks the packed layout or its own geometry. The {@link
 * #field()} and {@link #problem()} are machine-readable; the message names both and the values.
 */
public final class EventPacketFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The part of the packet that is wrong (names follow the schema's fields). */
  public enum Field {
    WIDTH,
    HEIGHT,
    EVENT_COUNT,
    X,
    Y,
    POLARITY,
    TIMESTAMP_DELTAS,
    /** An input array handed to the encoder. */
    INPUT
  }

  /** What is wrong with it. */
  public enum Problem {
    /** A value outside its allowed range (negative count, geometry beyond uint16). */
    INVALID_VALUE,
    /** A byte column's length does not fit eventCount. */
    LENGTH_MISMATCH,
    /** A coordinate is not below the packet's width or height. */
    OUT_OF_RANGE,
    /** The varint column ends inside a varint or before eventCount varints were read. */
    VARINT_OVERRUN,
    /** A varint longer than 10 bytes (no 64-bit value needs more). */
    VARINT_TOO_LONG,
    /** Bytes left over after eventCount varints. */
    TRAILING_BYTES
  }

  private final Field field;
  private final Problem problem;

  public EventPacketFormatException(Field field, Problem problem, String detail) {
    super(field + " " + problem + ": " + detail);
    this.field = field;
    this.problem = problem;
  }

  public Field field() {
    return field;
  }

  public Problem problem() {
    return problem;
  }
}
