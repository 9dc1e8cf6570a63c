/**
 * Batched BNTT training and evaluation on ND4J (DESIGN section 7): the forward pass over a whole
 * window {@code [B, T, C, H, W]} (convolutions and linear maps for all timesteps at once, then the
 * BNTT and LIF recurrence as a plain-Java scan over t), full backpropagation through time with the
 * surrogate spike gradient, cross-entropy, the optimisers (SGD with momentum as the paper, Adam as
 * an option) and the {@link io.spikestream.snn.train.TrainingSession} API the trainer module
 * drives.
 *
 * <p>Tensors inside this package are t-major: row {@code t * B + b} of a {@code [T*B, ...]} array
 * holds sample {@code b} at timestep {@code t}, so the per-timestep batch statistics of BNTT read
 * one contiguous block.
 */
package io.spikestream.snn.train;
