/**
 * Streaming readers and writers of event recordings: jAER AEDAT 2.0 with DVS128 addresses
 * (CIFAR10-DVS), N-MNIST {@code .bin} and SLAYER {@code .bs2}; {@link
 * io.spikestream.dvs.io.EventFiles} detects the format and opens the right reader.
 *
 * <p>Readers read the file in blocks of about 1 MiB and decode whole records in a tight loop into a
 * reused {@link io.spikestream.dvs.EventBatch}, so memory is bounded and no per-event object is
 * made. Truncated or corrupt input is an {@link io.spikestream.dvs.io.EventFormatException} naming
 * the byte offset; out-of-range, special and marker records are counted in {@link
 * io.spikestream.dvs.io.ReadStats}.
 */
package io.spikestream.dvs.io;
