/**
 * Streaming inference, one sensor at a time (DESIGN section 7): the event-driven plain-Java step
 * kernel {@link io.spikestream.snn.infer.EventDrivenNetwork} (immutable, pre-transposed parameters)
 * with its reusable {@link io.spikestream.snn.infer.NetworkState}, {@link
 * io.spikestream.snn.infer.BatchInference} (that kernel over a batch on worker threads), and {@link
 * io.spikestream.snn.infer.WindowTrace}, the per-step record of a whole window used by evaluation
 * and parity tests.
 */
package io.spikestream.snn.infer;
