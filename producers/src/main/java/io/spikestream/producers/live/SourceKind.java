package io.spikestream.producers.live;

/** The transports and encodings a live source speaks. */
public enum SourceKind {
  /** AEStream's UDP event packets ({@code udp://HOST:PORT}, the address to listen on). */
  UDP,
  /** iniVation DV / dv-processing AEDAT 4 network output ({@code tcp://HOST:PORT}, as a client). */
  TCP_AEDAT4,
  /** Raw Prophesee EVT 2.0 words on stdin ({@code evt2:-}) or a named pipe ({@code evt2:PATH}). */
  EVT2,
  /** Raw Prophesee EVT 3.0 words on stdin ({@code evt3:-}) or a named pipe ({@code evt3:PATH}). */
  EVT3
}
