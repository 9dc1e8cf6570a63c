package io.spikestream.dvs.io;

/** Recording container formats the project reads and writes. */
public enum EventFileFormat {
  /** jAER AEDAT 2.0, DVS128 addresses (the CIFAR10-DVS files): big-endian uint32 address, time. */
  AEDAT2,
  /** N-MNIST 40-bit events as distributed (.bin), with the timestamp overflow marker. */
  NMNIST_BIN,
  /** N-MNIST 40-bit events as re-packed by SLAYER (.bs2), no overflow markers. */
  NMNIST_BS2
}
