/**
 * Live camera bridges: {@link io.spikestream.producers.live.EventSource}s that read a camera's
 * stream as its tools send it (AEStream UDP packets, iniVation DV's AEDAT 4 TCP output, a raw
 * Prophesee EVT 2.0 / 3.0 byte stream on stdin or a named pipe), and the {@link
 * io.spikestream.producers.live.LivePublisher} that filters the events ({@code dvs.filter}), cuts
 * them into EventPacket records and sends them to Kafka, with reconnects, counters and a clean
 * stop.
 */
package io.spikestream.producers.live;
