package io.spikestream.dvs.io.stream;

/**
 * Packet compression of an AEDAT 4.0 file or DV network stream, as the IOHeader's {@code
 * compression} field (flatbuffers enum {@code CompressionType}, int32) names it. LZ4 packets are
 * LZ4 frames, ZSTD packets are Zstandard frames; the HIGH variants differ only in the encoder's
 * effort.
 */
public enum Aedat4Compression {
  NONE(0),
  LZ4(1),
  LZ4_HIGH(2),
  ZSTD(3),
  ZSTD_HIGH(4);

  private final int code;

  Aedat4Compression(int code) {
    this.code = code;
  }

  /** The value stored in the IOHeader. */
  public int code() {
    return code;
  }

  /** The compression of IOHeader value {@code code}, or null when the value is unknown. */
  public static Aedat4Compression ofCode(int code) {
    for (Aedat4Compression c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
