package io.spikestream.dvs.filter;

import io.spikestream.dvs.SensorGeometry;

/**
 * The immutable, validated configuration of one filter stage; {@link #create(SensorGeometry)} makes
 * a fresh, stateful stage for an input geometry. {@link #toSpec()} gives back the command-line form
 * that {@link FilterSpecs#parse(String)} reads.
 */
public sealed interface FilterSpec
    permits DenoiseFilter.Config,
        RefractoryFilter.Config,
        HotPixelFilter.Config,
        RoiFilter.Config,
        DownsampleFilter.Config,
        PolarityFilter.Config {

  /** A new stage for events on {@code input}; fails with a clear message when it cannot apply. */
  EventFilter create(SensorGeometry input);

  /** The command-line form, e.g. {@code denoise:dt=10ms,neighbours=8}. */
  String toSpec();
}
