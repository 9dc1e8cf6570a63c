/**
 * The inference-side model (DESIGN sections 7 and 9): {@link
 * io.spikestream.snn.model.NetworkConfig} (architecture, input shape, neuron constants and the
 * derived per-layer shapes) and {@link io.spikestream.snn.model.ModelParameters} (the named float32
 * tensors of the artifact, shape validated, with the seeded Xavier initialiser).
 */
package io.spikestream.snn.model;
