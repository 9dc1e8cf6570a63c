package io.spikestream.dvs.io;

import java.nio.charset.StandardCharsets;

/**
 * Constants of jAER's AEDAT 2.0 container with DVS128 addresses (DESIGN section 4).
 *
 * <p>Layout: ASCII header lines, each starting with {@code '#'}, the first being {@code
 * #!AER-DAT2.0}; the header ends before the first line that does not start with {@code '#'} (a
 * {@code #End Of ASCII Header} line may or may not be present). Then 8-byte records: big-endian
 * {@code uint32} address and {@code uint32} timestamp in microseconds.
 *
 * <p>DVS128 address bits (jAER {@code DVS128.Extractor}): bit 0 = polarity (0 = ON), bits 1..7 =
 * {@code 127 - x}, bits 8..14 = y, bit 15 = external (special) event, which carries no pixel and is
 * skipped and counted.
 */
final class Aedat2 {

  static final byte[] MAGIC = "#!AER-DAT2.0".getBytes(StandardCharsets.US_ASCII);

  static final int RECORD_BYTES = 8;

  /** Bit 15: an external-input (special) event, not a pixel. */
  static final int SPECIAL_BIT = 0x8000;

  private Aedat2() {}
}
