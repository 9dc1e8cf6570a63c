/**
 * The event model shared by every module: {@link io.spikestream.dvs.SensorGeometry} and the
 * struct-of-arrays {@link io.spikestream.dvs.EventBatch}.
 *
 * <p>Conventions (DESIGN section 4): time is {@code long} microseconds named {@code ...Micros}; x
 * grows to the right and y downwards, both 0-based; polarity {@code true} is ON (brightness
 * increase). This module never imports Kafka.
 */
package io.spikestream.dvs;
