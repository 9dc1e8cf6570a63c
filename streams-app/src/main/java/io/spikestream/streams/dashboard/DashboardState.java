package io.spikestream.streams.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.SampleInfo;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the dashboard shows, aggregated from the event and classification streams: per sensor the
 * live frame ({@link FrameAccumulator}), the sample being shown and the latest classification;
 * overall the event and classification rates ({@link RateMeter}) and the running statistics ({@link
 * ClassificationStats}). Thread-safe: the feed threads add, the update ticker reads {@link
 * #snapshotJson()}.
 */
public final class DashboardState {
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long RECENT_MILLIS = 5_000;

  private final DashboardConfig config;
  private final Supplier<ModelInfo> model;
  private final LongSupplier nanoClock;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, SensorView> sensors = new TreeMap<>();
  private final ClassificationStats stats = new ClassificationStats();
  private final RateMeter eventRate;
  private final RateMeter classificationRate;
  private long events;
  private long undecodable;
  private long sensorsHidden;

  /**
   * @param model the model being served, or a supplier of null while there is none
   * @param nanoClock wall clock in nanoseconds (System::nanoTime; tests pass their own)
   */
  public DashboardState(DashboardConfig config, Supplier<ModelInfo> model, LongSupplier nanoClock) {
    this.config = config;
    this.model = model;
    this.nanoClock = nanoClock;
    this.eventRate = new RateMeter(SECOND_NANOS / 2, 11);
    this.classificationRate = new RateMeter(SECOND_NANOS / 2, 11);
  }

  /** One sensor's part of the dashboard. */
  private static final class SensorView {
    FrameAccumulator frames;
    long events;
    String sampleId;
    Integer label;
    String labelName;
    Classification latest;
    long latestAtNanos;
  }

  /** Adds a decoded packet's events (parallel arrays, {@code n} events) of {@code sensorId}. */
  public synchronized void onEvents(
      String sensorId,
      int width,
      int height,
      int[] xs,
      int[] ys,
      boolean[] polarities,
      long[] timestampsMicros,
      int n,
      SampleInfo sample) {
    events += n;
    eventRate.add(n, nanoClock.getAsLong());
    SensorView v = view(sensorId);
    if (v == null) {
      return;
    }
    if (v.frames == null || v.frames.sourceWidth() != width || v.frames.sourceHeight() != height) {
      v.frames =
          new FrameAccumulator(
              width,
              height,
              config.maxFrameSide(),
              config.frameSliceMicros(),
              config.frameSlices());
    }
    v.frames.add(xs, ys, polarities, timestampsMicros, n);
    v.events += n;
    if (sample != null) {
      v.sampleId = sample.getSampleId();
      v.label = sample.getLabel();
      v.labelName = sample.getLabelName();
    }
  }

  /** Counts a record of the events topic that could not be decoded. */
  public synchronized void onUndecodable() {
    undecodable++;
  }

  /** Adds a classification. */
  public synchronized void onClassification(Classification c) {
    stats.add(c);
    if (System.currentTimeMillis() - c.getEmittedAtMillis() < RECENT_MILLIS) {
      // history read back at start counts in the totals, not in the current rate
      classificationRate.add(1, nanoClock.getAsLong());
    }
    SensorView v = view(c.getSensorId());
    if (v != null) {
      v.latest = c;
      v.latestAtNanos = nanoClock.getAsLong();
    }
  }

  /** The view of a sensor, created on first sight, or null when {@code maxSensors} are shown. */
  private SensorView view(String sensorId) {
    SensorView v = sensors.get(sensorId);
    if (v == null) {
      if (sensors.size() >= config.maxSensors()) {
        sensorsHidden++;
        return null;
      }
      v = new SensorView();
      sensors.put(sensorId, v);
    }
    return v;
  }

  /** A copy of the running classification statistics' headline numbers. */
  public synchronized long classifications() {
    return stats.classifications();
  }

  /** Events added so far. */
  public synchronized long events() {
    return events;
  }

  /** The current picture as one JSON object (the payload of one server-sent event). */
  public String snapshotJson() {
    ObjectNode o = snapshot();
    try {
      return mapper.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the dashboard snapshot", e);
    }
  }

  /** The current picture as a JSON tree. */
  public synchronized ObjectNode snapshot() {
    long now = nanoClock.getAsLong();
    ObjectNode o = mapper.createObjectNode();
    o.put("wallMillis", System.currentTimeMillis());
    ModelInfo m = model.get();
    List<String> classNames = m == null ? List.of() : m.classNames();
    if (m == null) {
      o.putNull("model");
    } else {
      ObjectNode mo = o.putObject("model");
      mo.put("name", m.name());
      mo.put("version", m.version());
      mo.put("timesteps", m.timesteps());
      ArrayNode names = mo.putArray("classes");
      classNames.forEach(names::add);
    }
    o.put("events", events);
    o.put("eventsPerSecond", Math.round(eventRate.perSecond(now)));
    o.put("undecodable", undecodable);
    o.put("classifications", stats.classifications());
    o.put("classificationsPerSecond", round(classificationRate.perSecond(now), 2));
    o.put("labelled", stats.labelled());
    o.put("correct", stats.correct());
    number(o, "accuracy", stats.accuracy(), 4);
    number(o, "meanExitTimestep", stats.meanExitTimestep(), 3);
    ArrayNode hist = o.putArray("exitHistogram");
    long[] h = stats.exitHistogram();
    int t = Math.max(h.length, m == null ? 0 : m.timesteps());
    for (int i = 0; i < t; i++) {
      hist.add(i < h.length ? h[i] : 0);
    }
    long p99 = stats.wallClockLatencyMicros(0.99);
    if (p99 < 0) {
      o.putNull("p99LatencyMillis");
    } else {
      o.put("p99LatencyMillis", round(p99 / 1000.0, 2));
    }
    o.put("sensorsHidden", sensorsHidden);
    ArrayNode list = o.putArray("sensors");
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<String, SensorView> e : sensors.entrySet()) {
      SensorView v = e.getValue();
      ObjectNode s = list.addObject();
      s.put("id", e.getKey());
      s.put("events", v.events);
      if (v.frames != null) {
        FrameAccumulator.Frame f = v.frames.snapshot();
        ObjectNode fo = s.putObject("frame");
        fo.put("width", f.width());
        fo.put("height", f.height());
        fo.put("events", f.events());
        fo.put("on", b64.encodeToString(f.on()));
        fo.put("off", b64.encodeToString(f.off()));
      }
      s.put("sampleId", v.sampleId);
      s.put("labelName", v.labelName);
      if (v.latest != null) {
        s.set("prediction", prediction(v.latest, classNames, (now - v.latestAtNanos) / 1_000_000));
      }
    }
    return o;
  }

  private ObjectNode prediction(Classification c, List<String> classNames, long ageMillis) {
    ObjectNode p = mapper.createObjectNode();
    p.put("sampleId", c.getSampleId() == null ? null : c.getSampleId().toString());
    p.put("predicted", c.getPredictedClass());
    p.put("predictedName", c.getPredictedName().toString());
    ArrayNode scores = p.putArray("scores");
    c.getScores().forEach(scores::add);
    p.put("exitStep", c.getExitStep());
    p.put("timesteps", c.getTimesteps());
    p.put("exitReason", c.getExitReason().name());
    p.put("latencyMillis", round(c.getWallClockLatencyMicros() / 1000.0, 2));
    p.put("eventTimeLatencyMillis", round(c.getEventTimeLatencyMicros() / 1000.0, 1));
    if (c.getTrueLabel() == null) {
      p.putNull("trueLabel");
    } else {
      int label = c.getTrueLabel();
      p.put("trueLabel", label);
      p.put(
          "trueName", label < classNames.size() ? classNames.get(label) : Integer.toString(label));
      p.put("correct", label == c.getPredictedClass());
    }
    p.put("ageMillis", ageMillis);
    return p;
  }

  private static void number(ObjectNode o, String field, double v, int digits) {
    if (Double.isNaN(v)) {
      o.putNull(field);
    } else {
      o.put(field, round(v, digits));
    }
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
