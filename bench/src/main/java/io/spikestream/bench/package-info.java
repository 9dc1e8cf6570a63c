/**
 * Benchmarks: JMH benchmarks and main-class throughput harnesses. Run by hand, never as tests;
 * results and the commands that produced them go to docs/benchmarks.md.
 */
package io.spikestream.bench;
