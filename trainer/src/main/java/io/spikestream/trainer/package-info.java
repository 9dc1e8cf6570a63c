/**
 * Training and evaluation of BNTT models from recorded data: labelled samples from dataset folders,
 * frames binned with the stream's own binner ({@link io.spikestream.dvs.binning.SampleBinner}), the
 * training loop with checkpoints, evaluation with the event-driven kernel (as the stream runs it),
 * the JSON and HTML evaluation report, and publishing to {@code snn.models}.
 */
package io.spikestream.trainer;
