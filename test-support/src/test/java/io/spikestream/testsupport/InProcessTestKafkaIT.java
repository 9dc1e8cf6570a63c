package io.spikestream.testsupport;

/** The {@link TestKafka} contract on the in-process broker (the default of every IT). */
class InProcessTestKafkaIT extends TestKafkaContract {
  @Override
  BrokerKind kind() {
    return BrokerKind.IN_PROCESS;
  }
}
