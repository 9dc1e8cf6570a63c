/**
 * Event filters that users of Tonic, jAER and dv-processing expect: background-activity denoise,
 * refractory period, hot-pixel mask, region of interest, spatial downsampling and polarity
 * selection, chained by {@link io.spikestream.dvs.filter.FilterChain} from command-line spec
 * strings ({@link io.spikestream.dvs.filter.FilterSpecs}; grammar in docs/filters.md).
 *
 * <p>Every filter works in place on an {@link io.spikestream.dvs.EventBatch}, allocates nothing per
 * batch and keeps its per-pixel state across batches, so a live stream can be filtered packet by
 * packet with the same result as filtering it whole. Pure: no Kafka, no I/O, no logging.
 */
package io.spikestream.dvs.filter;
