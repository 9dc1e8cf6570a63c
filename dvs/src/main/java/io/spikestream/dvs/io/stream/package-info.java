/**
 * Incremental decoders of raw event byte streams (Prophesee EVT 2.0 and EVT 3.0 words, AEDAT 4.0
 * packets and the DV network stream), usable on a socket, a pipe or a file block: each call
 * consumes as many complete units as the buffer holds, keeps its state (time high, base x,
 * polarity) across calls and leaves a partial trailing unit for the caller to compact. The file
 * readers of {@code io.spikestream.dvs.io} use these same decoders, so files and live streams share
 * one decode path.
 */
package io.spikestream.dvs.io.stream;
