package io.spikestream.dvs.io;

/**
 * How the DVS128 address bits of an AEDAT 2.0 file map to (x, y) (DESIGN section 4).
 *
 * <p>{@link #JAER} is the project's convention: {@code x = 127 - ((a & 0xFE) >> 1)}, {@code y = (a
 * & 0x7F00) >> 8}. {@link #TRANSPOSED} swaps the two afterwards, which is what SpikingJelly's
 * CIFAR10-DVS loader produces; use it to compare frames with SpikingJelly users.
 */
public enum AxisConvention {
  /** jAER: x from address bits 1..7 (flipped), y from bits 8..14. */
  JAER,
  /** jAER's x and y swapped (SpikingJelly). */
  TRANSPOSED
}
