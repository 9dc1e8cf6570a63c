package io.spikestream.dvs.io;

/** Recording container formats the project reads and writes. */
public enum EventFileFormat {
  /** jAER AEDAT 2.0, DVS128 addresses (the CIFAR10-DVS files): big-endian uint32 address, time. */
  AEDAT2,
  /** N-MNIST 40-bit events as distributed (.bin), with the timestamp overflow marker. */
  NMNIST_BIN,
  /** N-MNIST 40-bit events as re-packed by SLAYER (.bs2), no overflow markers. */
  NMNIST_BS2,
  /** iniVation AEDAT 3.1 (libcaer packets; polarity events decoded). */
  AEDAT31,
  /** iniVation AEDAT 4.0 (flatbuffers packets, LZ4 or ZSTD; the events stream decoded). */
  AEDAT4,
  /** Prophesee RAW, EVT 2.0 (32-bit words). */
  EVT2,
  /** Prophesee RAW, EVT 3.0 (16-bit stateful words). */
  EVT3,
  /** Prophesee DAT (8-byte CD events). */
  PROPHESEE_DAT
}
