package io.spikestream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

class BrokerKindTest {

  @Test
  void noValueMeansTheInProcessBroker() {
    assertThat(BrokerKind.fromProperty(null)).isEqualTo(BrokerKind.IN_PROCESS);
    assertThat(BrokerKind.fromProperty("  ")).isEqualTo(BrokerKind.IN_PROCESS);
  }

  @Test
  void eachKindIsSelectedByItsOwnValueIgnoringCaseAndSpaces() {
    for (BrokerKind kind : BrokerKind.values()) {
      assertThat(BrokerKind.fromProperty(kind.propertyValue())).isEqualTo(kind);
      assertThat(BrokerKind.fromProperty(" " + kind.propertyValue().toUpperCase() + " "))
          .isEqualTo(kind);
    }
    assertThat(BrokerKind.fromProperty("testcontainers")).isEqualTo(BrokerKind.TESTCONTAINERS);
  }

  @Test
  void anUnknownValueNamesThePropertyAndTheValue() {
    assertThatThrownBy(() -> BrokerKind.fromProperty("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spikestream.it.broker")
        .hasMessageContaining("'docker'")
        .hasMessageContaining("testcontainers");
  }

  @Test
  void theContainerImageIsApacheKafkaAtTheBuildsKafkaVersion() throws Exception {
    String image = ContainerKafka.image();
    assertThat(image).startsWith("apache/kafka:").doesNotEndWith(":latest");
    // the clients on the test class path are the Kafka the image must run
    Properties clients = new Properties();
    try (InputStream in =
        KafkaProducer.class
            .getClassLoader()
            .getResourceAsStream("kafka/kafka-version.properties")) {
      assertThat(in).as("kafka-clients' kafka/kafka-version.properties").isNotNull();
      clients.load(in);
    }
    assertThat(image).isEqualTo("apache/kafka:" + clients.getProperty("version"));
  }
}
