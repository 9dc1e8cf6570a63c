/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) started inside the JVM,
 * for the one-command demo, local work and the integration tests ({@code *IT}). Kafka's internal
 * server APIs are used here and nowhere else: {@link io.spikestream.kafka.local.LocalKafkaBroker}
 * is the one class that touches them.
 */
package io.spikestream.kafka.local;
