package io.spikestream.testsupport;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The {@link TestKafka} contract on an {@code apache/kafka} container: runs only where a Docker
 * engine answers, and is reported as skipped elsewhere (no engine runs on the project's CI
 * machine).
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT extends TestKafkaContract {
  @Override
  BrokerKind kind() {
    return BrokerKind.TESTCONTAINERS;
  }
}
