/**
 * Streaming readers and writers of event recordings: jAER AEDAT 2.0 with DVS128 addresses
 * (CIFAR10-DVS), N-MNIST {@code .bin} and SLAYER {@code .bs2}, iniVation AEDAT 3.1 and AEDAT 4.0,
 * Prophesee EVT 2.0 / EVT 3.0 RAW and DAT; {@link io.spikestream.dvs.io.EventFiles} detects the
 * format from the file's first bytes and opens the right reader.
 *
 * <p>Fixed-record formats (AEDAT 2.0, N-MNIST) read the file in blocks of about 1 MiB and decode
 * whole records in a tight loop into a reused {@link io.spikestream.dvs.EventBatch}. The camera
 * formats (AEDAT 3.1/4.0, EVT 2.0/3.0, DAT) parse their header here and decode the payload with the
 * byte-stream decoders of {@link io.spikestream.dvs.io.stream}, the same code a live source uses.
 * Memory is bounded and no per-event object is made. Truncated or corrupt input is an {@link
 * io.spikestream.dvs.io.EventFormatException} naming the byte offset; out-of-range, special, marker
 * and other records are counted in {@link io.spikestream.dvs.io.ReadStats}.
 */
package io.spikestream.dvs.io;
