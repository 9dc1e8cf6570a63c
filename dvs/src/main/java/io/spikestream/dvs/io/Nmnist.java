package io.spikestream.dvs.io;

/**
 * Constants of the N-MNIST 40-bit event layout (Orchard et al. 2015), shared by the distributed
 * {@code .bin} files and SLAYER's {@code .bs2} re-packing.
 *
 * <p>Five bytes per event: byte 0 = x, byte 1 = y, bit 7 of byte 2 = polarity (1 = ON), bits 22..0
 * of bytes 2..4 = timestamp in microseconds, big-endian. In {@code .bin} an event with y = 240 is a
 * timestamp overflow marker: it adds 2^13 µs to its own and every later timestamp and is not an
 * event (as Orchard's reader and Tonic's {@code read_mnist_file}). SLAYER's {@code read2Dspikes}
 * reads the same bits (x, y, bit 7 as polarity with 1 = ON, 23-bit µs) and knows no marker, so
 * {@code .bs2} timestamps must stay below 2^23 µs.
 */
final class Nmnist {

  static final int RECORD_BYTES = 5;

  /** The y value that marks a timestamp overflow in {@code .bin}. */
  static final int OVERFLOW_Y = 240;

  /** Microseconds added by one overflow marker. */
  static final long OVERFLOW_MICROS = 1L << 13;

  /** Largest timestamp the 23-bit field holds. */
  static final long MAX_FIELD_MICROS = (1L << 23) - 1;

  private Nmnist() {}
}
