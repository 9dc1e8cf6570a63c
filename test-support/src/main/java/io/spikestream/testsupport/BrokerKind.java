package io.spikestream.testsupport;

import java.util.Locale;

/** Which Kafka broker the integration tests run against. */
public enum BrokerKind {
  /** The project's {@link io.spikestream.kafka.local.LocalKafkaBroker} in the test JVM. */
  IN_PROCESS("in-process"),
  /** An {@code apache/kafka} container started by Testcontainers (needs a Docker engine). */
  TESTCONTAINERS("testcontainers");

  /** The system property that selects the broker, e.g. {@code -Dspikestream.it.broker=...}. */
  public static final String PROPERTY = "spikestream.it.broker";

  private final String propertyValue;

  BrokerKind(String propertyValue) {
    this.propertyValue = propertyValue;
  }

  /** The value of {@link #PROPERTY} that selects this broker. */
  public String propertyValue() {
    return propertyValue;
  }

  /**
   * The broker a value of {@link #PROPERTY} selects; {@code null} or blank selects {@link
   * #IN_PROCESS}.
   *
   * @throws IllegalArgumentException naming the property and the value when it is unknown
   */
  public static BrokerKind fromProperty(String value) {
    if (value == null || value.isBlank()) {
      return IN_PROCESS;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (BrokerKind kind : values()) {
      if (kind.propertyValue.equals(v)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        PROPERTY
            + ": unknown broker '"
            + value
            + "' (expected "
            + IN_PROCESS.propertyValue
            + " or "
            + TESTCONTAINERS.propertyValue
            + ")");
  }

  /** The broker the running JVM's system property selects. */
  public static BrokerKind fromSystemProperty() {
    return fromProperty(System.getProperty(PROPERTY));
  }
}
