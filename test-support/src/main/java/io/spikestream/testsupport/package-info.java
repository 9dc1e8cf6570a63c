/**
 * Fixtures shared by the integration tests ({@code *IT}) of every module, used at test scope only.
 *
 * <p>{@link io.spikestream.testsupport.TestKafka} is the one place that chooses the tests' Kafka
 * broker: the project's in-process KRaft broker by default, or an {@code apache/kafka} container
 * started by Testcontainers with {@code -Dspikestream.it.broker=testcontainers}; without a Docker
 * engine the container choice skips the tests (JUnit assumptions), never fails them.
 */
package io.spikestream.testsupport;
