package io.spikestream.producers;

/** Kafka producer compression codecs ({@code compression.type}). */
public enum Compression {
  NONE("none"),
  LZ4("lz4"),
  ZSTD("zstd"),
  SNAPPY("snappy"),
  GZIP("gzip");

  private final String kafkaName;

  Compression(String kafkaName) {
    this.kafkaName = kafkaName;
  }

  /** The value of the producer's {@code compression.type}. */
  public String kafkaName() {
    return kafkaName;
  }
}
