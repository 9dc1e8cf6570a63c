package io.spikestream.dvs.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Filter stages applied in order to one sensor's stream, each stage created for the geometry the
 * previous one emits. Events off the input geometry are dropped (and counted) before the first
 * stage, as DESIGN section 4 asks. Stateful across batches; one chain per sensor; not thread-safe.
 * An empty chain only drops off-geometry events.
 */
public final class FilterChain {

  private final List<FilterSpec> specs;
  private final SensorGeometry input;
  private final EventFilter[] stages;
  private final long[] droppedPerStage;
  private long offGeometry;
  private long eventsIn;
  private long eventsOut;

  private FilterChain(List<FilterSpec> specs, SensorGeometry input) {
    this.specs = List.copyOf(specs);
    this.input = input;
    this.stages = new EventFilter[specs.size()];
    SensorGeometry g = input;
    for (int i = 0; i < stages.length; i++) {
      stages[i] = specs.get(i).create(g);
      g = stages[i].outputGeometry();
    }
    this.droppedPerStage = new long[stages.length];
  }

  /** A chain of {@code specs} for events on {@code input}. */
  public static FilterChain create(List<FilterSpec> specs, SensorGeometry input) {
    if (specs == null) {
      throw new IllegalArgumentException("filter specs must be set, got null");
    }
    if (input == null) {
      throw new IllegalArgumentException("input geometry must be set, got null");
    }
    return new FilterChain(specs, input);
  }

  /** Parses command-line specs ({@link FilterSpecs}) and creates the chain. */
  public static FilterChain parse(List<String> specs, SensorGeometry input) {
    return create(FilterSpecs.parseAll(specs), input);
  }

  /** The geometry of events this chain accepts. */
  public SensorGeometry inputGeometry() {
    return input;
  }

  /** The geometry of the events it emits. */
  public SensorGeometry outputGeometry() {
    return stages.length == 0 ? input : stages[stages.length - 1].outputGeometry();
  }

  /** The stage configurations, in order. */
  public List<FilterSpec> specs() {
    return specs;
  }

  /** The stages, in order (for inspection, e.g. a hot-pixel filter's learnt mask). */
  public List<EventFilter> stages() {
    List<EventFilter> l = new ArrayList<>(stages.length);
    Collections.addAll(l, stages);
    return Collections.unmodifiableList(l);
  }

  /**
   * Filters {@code batch} in place through every stage.
   *
   * @return the number of events removed (off-geometry events included)
   */
  public int apply(EventBatch batch) {
    int before = batch.size();
    eventsIn += before;
    int dropped = dropOffGeometry(batch);
    offGeometry += dropped;
    for (int i = 0; i < stages.length && batch.size() > 0; i++) {
      int d = stages[i].apply(batch);
      droppedPerStage[i] += d;
      dropped += d;
    }
    eventsOut += batch.size();
    return dropped;
  }

  private int dropOffGeometry(EventBatch batch) {
    int n = batch.size();
    int[] xs = batch.xs();
    int[] ys = batch.ys();
    boolean[] ps = batch.polarities();
    long[] ts = batch.timestampsMicros();
    int w = input.width();
    int h = input.height();
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (Integer.compareUnsigned(xs[i], w) < 0 && Integer.compareUnsigned(ys[i], h) < 0) {
        xs[kept] = xs[i];
        ys[kept] = ys[i];
        ps[kept] = ps[i];
        ts[kept] = ts[i];
        kept++;
      }
    }
    batch.setSize(kept);
    return n - kept;
  }

  /** Forgets every stage's state and the counters. */
  public void reset() {
    for (EventFilter f : stages) {
      f.reset();
    }
    java.util.Arrays.fill(droppedPerStage, 0);
    offGeometry = 0;
    eventsIn = 0;
    eventsOut = 0;
  }

  /** Events that entered {@link #apply}. */
  public long eventsIn() {
    return eventsIn;
  }

  /** Events that left it. */
  public long eventsOut() {
    return eventsOut;
  }

  /** Events dropped because they lay off the input geometry. */
  public long offGeometryDropped() {
    return offGeometry;
  }

  /** Events dropped by stage {@code i}. */
  public long droppedBy(int stage) {
    return droppedPerStage[stage];
  }

  /** Whether the chain has no stages. */
  public boolean isEmpty() {
    return stages.length == 0;
  }

  /** One line: each stage and what it dropped. */
  public String describeDrops() {
    List<String> parts = new ArrayList<>();
    if (offGeometry > 0) {
      parts.add("off-geometry " + offGeometry);
    }
    for (int i = 0; i < stages.length; i++) {
      parts.add(specs.get(i).toSpec().split(":", 2)[0] + " " + droppedPerStage[i]);
    }
    return parts.isEmpty()
        ? "no filters"
        : parts.stream().collect(Collectors.joining(", ", "dropped: ", ""));
  }

  @Override
  public String toString() {
    return specs.stream().map(FilterSpec::toSpec).collect(Collectors.joining(" ", "[", "]"));
  }
}
