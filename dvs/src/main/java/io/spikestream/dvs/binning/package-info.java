/**
 * Events to frames (DESIGN section 6), one implementation for the trainer and the stream.
 *
 * <p>{@link io.spikestream.dvs.binning.BinningSpec} says how; {@link
 * io.spikestream.dvs.binning.SampleBinner} bins one recorded sample (N_BINS over its duration, or
 * FIXED_DT from its start); {@link io.spikestream.dvs.binning.StreamBinner} bins incrementally as
 * packets arrive, reports each timestep when its bin closes and serialises its state for a
 * changelog. Both place events with {@link io.spikestream.dvs.binning.FrameMapper} and {@link
 * io.spikestream.dvs.binning.BinRule}, so the same events give the same frames.
 *
 * <p>Frames are {@code float} arrays in C order {@code [T][2][H'][W']}, channel 0 = OFF, 1 = ON.
 */
package io.spikestream.dvs.binning;
