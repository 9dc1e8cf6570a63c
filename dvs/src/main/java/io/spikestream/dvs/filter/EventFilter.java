package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;

/**
 * One filter stage, created for one input geometry by {@link FilterSpec#create(SensorGeometry)}.
 * Stateful across batches (per-pixel memories); not thread-safe. Events must lie on {@link
 * #inputGeometry()} ({@link FilterChain} drops the others before the first stage).
 */
public interface EventFilter {

  /** The geometry of the events this stage accepts. */
  SensorGeometry inputGeometry();

  /** The geometry of the events it emits (differs only for ROI and downsampling). */
  SensorGeometry outputGeometry();

  /**
   * Filters {@code batch} in place, keeping the order of the events it keeps.
   *
   * @return the number of events removed
   */
  int apply(EventBatch batch);

  /** Forgets all state, as if newly created. */
  void reset();
}
