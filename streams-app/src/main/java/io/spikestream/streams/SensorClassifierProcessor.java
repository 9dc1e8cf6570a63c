package io.spikestream.streams;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinRule;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameMapper;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.WindowMode;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.snn.exit.ExitDecider;
import io.spikestream.snn.infer.NetworkState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per sensor: bins events into timesteps by event time (DESIGN section 6), runs one network step as
 * soon as a timestep's bin closes, asks the model's exit policy after every step and emits the
 * {@link Classification} at once on exit, skipping the rest of that window (DESIGN section 8).
 *
 * <ul>
 *   <li>N_BINS models: a window is one sample (its {@link SampleInfo}); bin {@link BinRule#nBins};
 *       the window ends on {@code endOfSample}, on the next sample, or when the sensor goes quiet.
 *   <li>FIXED_DT models: windows of {@code T * dt} aligned to multiples of it (from the sample
 *       start when the packet carries sample info); an event of a later window closes the open one.
 *   <li>Bin {@code b} closes when an event of a later bin arrives; events older than the open bin
 *       are late (counted, dropped). A wall-clock punctuation closes the window of a sensor without
 *       events for {@link AppConfig#quietTimeout()}. While the task works through a backlog
 *       (records older than that timeout, e.g. a survivor catching up after a failover, or a burst
 *       replayed faster than it is classified) wall-clock silence proves nothing: the sensor's next
 *       events may simply not have been read yet. Then a window closes only once the records read
 *       for its task are the timeout past its last record in record time (CreateTime of the
 *       producers), or once the task has read nothing for the timeout.
 * </ul>
 *
 * <p>State: the window's frames are the durable state in {@link SpikestreamTopology#WINDOW_STORE}
 * (changelogged); membranes live in a transient cache and are rebuilt by replaying the stored
 * frames of the steps already run after a restart or a rebalance. A window keeps the model it
 * started with; a new model version is picked up by the next window.
 */
public final class SensorClassifierProcessor
    implements Processor<String, ValidPacket, String, Classification> {
  private static final Logger LOG = LoggerFactory.getLogger(SensorClassifierProcessor.class);

  private final ModelSlot slot;
  private final StreamMetrics metrics;
  private final Duration punctuationInterval;
  private final long quietTimeoutMillis;
  private final Map<String, Window> cache = new HashMap<>();
  private ProcessorContext<String, Classification> context;
  private KeyValueStore<String, byte[]> store;
  private KeyValueStore<String, Classification> latest;
  private boolean warnedNoModel;

  /** The network state of the last finished window and its model, reused by the next window. */
  private NetworkState spareState;

  private LoadedModel spareModel;

  /** Record time (timestamp) of the newest record this task has read; MIN_VALUE before any. */
  private long taskRecordMillis = Long.MIN_VALUE;

  /** Record time of the first record this instance read for the task; MIN_VALUE before any. */
  private long taskFirstRecordMillis = Long.MIN_VALUE;

  /** Wall time when this task last read a record, and that record's age (wall − record time). */
  private long lastReadWallMillis;

  private long lastReadAgeMillis;

  /** The transient side of an open window: its model, membranes, exit decider. */
  private static final class Window {
    final String sensorId;
    final WindowState state;
    final LoadedModel model;

    /** Membranes; null once the window ended (they serve the next window, {@link #finish}). */
    NetworkState network;

    final ExitDecider decider;

    /** Values per frame, {@code 2 * H' * W'}: frame t of the window starts at {@code t * this}. */
    final int frameSize;

    /**
     * The logits after the last step (reused: written by {@link NetworkState#logits(double[])}).
     */
    final double[] logits;

    /** Store keys of the window's bins, made once. */
    final String[] binKeys;

    /** Bins that have an entry in the store (written by this or a previous instance). */
    final boolean[] binStored;

    FrameMapper mapper;

    /**
     * When the packet holding the latest binned event was received ({@link System#nanoTime()}); 0
     * when none was binned by this instance (e.g. just rebuilt). Start of the sample latency.
     */
    long lastEventNanos;

    /**
     * Record time of the latest record of this sensor read by this instance; MIN_VALUE when none
     * was (rebuilt after a restart or rebalance).
     */
    long lastRecordMillis = Long.MIN_VALUE;

    Window(String sensorId, WindowState state, LoadedModel model, NetworkState network) {
      this.sensorId = sensorId;
      this.state = state;
      this.model = model;
      this.network = network;
      this.decider = model.exitPolicy().decider();
      this.frameSize = model.artifact().binning().frameSize();
      this.logits = new double[model.artifact().config().classes()];
      int timesteps = model.artifact().binning().timesteps();
      this.binKeys = new String[timesteps];
      for (int b = 0; b < timesteps; b++) {
        binKeys[b] = WindowState.binKey(sensorId, b);
      }
      this.binStored = new boolean[timesteps];
    }

    BinningSpec spec() {
      return model.artifact().binning();
    }

    FrameMapper mapper(int width, int height) {
      if (mapper == null
          || mapper.source().width() != width
          || mapper.source().height() != height) {
        mapper = new FrameMapper(spec(), new SensorGeometry(width, height));
      }
      return mapper;
    }
  }

  public SensorClassifierProcessor(
      ModelSlot slot, StreamMetrics metrics, Duration punctuationInterval, Duration quietTimeout) {
    this.slot = slot;
    this.metrics = metrics;
    this.punctuationInterval = punctuationInterval;
    this.quietTimeoutMillis = quietTimeout.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Classification> context) {
    this.context = context;
    this.store = context.getStateStore(SpikestreamTopology.WINDOW_STORE);
    this.latest = context.getStateStore(SpikestreamTopology.LATEST_STORE);
    this.lastReadWallMillis = context.currentSystemTimeMs();
    context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::closeQuiet);
  }

  @Override
  public void process(Record<String, ValidPacket> record) {
    long receivedNanos = System.nanoTime();
    String sensorId = record.key();
    EventPacket packet = record.value().packet();
    EventColumns events = record.value().events();
    LoadedModel current = slot.current();
    Window w = window(sensorId);
    if (w == null && current == null) {
      metrics.eventsWithoutModel.increment(events.size());
      if (!warnedNoModel) {
        LOG.warn("no model loaded yet: events are dropped until one arrives on the models topic");
        warnedNoModel = true;
      }
      return;
    }
    long now = context.currentSystemTimeMs();
    noteRead(record.timestamp(), now);
    SampleInfo sample = packet.getSample();
    if (sample != null && (w == null || !sameSample(w, sample))) {
      if (w != null) {
        finish(w, record.timestamp(), receivedNanos);
      }
      w = open(sensorId, current, sample);
    } else if (sample == null && w != null && w.state.sampleId != null) {
      finish(w, record.timestamp(), receivedNanos);
      w = null;
    }
    if (w == null && sample == null && !isFixedDt(current)) {
      metrics.eventsLate.increment(events.size());
      LOG.debug(
          "sensor {}: N_BINS model but no sample info, {} events dropped", sensorId, events.size());
      return;
    }
    int n = events.size();
    int[] xs = events.xs();
    int[] ys = events.ys();
    boolean[] ps = events.polarities();
    long[] ts = events.timestampsMicros();
    // counted locally, added to the meters once per packet
    int binned = 0;
    int late = 0;
    int afterExit = 0;
    int outOfRange = 0;
    int dirtyLow = Integer.MAX_VALUE;
    int dirtyHigh = -1;
    // per-window invariants, hoisted out of the event loop; refreshed when a live window opens
    int width = packet.getWidth();
    int height = packet.getHeight();
    FrameMapper mapper = w == null ? null : w.mapper(width, height);
    boolean counts = w != null && w.spec().value() == FrameValue.COUNT;
    for (int i = 0; i < n; i++) {
      long t = ts[i];
      if (sample == null) {
        long length = fixedDtLength(w != null ? w.model : current);
        long start = Math.floorDiv(t, length) * length;
        if (w == null || start > w.state.windowStartMicros) {
          if (w != null) {
            finish(w, record.timestamp(), receivedNanos);
          }
          w = openLive(sensorId, current, start);
          mapper = w.mapper(width, height);
          counts = w.spec().value() == FrameValue.COUNT;
          dirtyLow = Integer.MAX_VALUE;
          dirtyHigh = -1;
        }
      }
      WindowState s = w.state;
      if (s.exited) {
        afterExit++;
        continue;
      }
      int bin = bin(w, t);
      if (bin < s.stepsRun) {
        late++;
        continue;
      }
      while (s.stepsRun < bin && !s.exited) {
        stepNext(w, record.timestamp(), receivedNanos);
      }
      if (s.exited) {
        afterExit++;
        continue;
      }
      int pixel = mapper.index(xs[i], ys[i], ps[i]);
      if (pixel < 0) {
        outOfRange++;
        continue;
      }
      s.add(bin, pixel, counts);
      w.lastEventNanos = receivedNanos;
      binned++;
      dirtyLow = Math.min(dirtyLow, bin);
      dirtyHigh = Math.max(dirtyHigh, bin);
    }
    metrics.eventsBinned.increment(binned);
    metrics.eventsLate.increment(late);
    metrics.eventsAfterExit.increment(afterExit);
    metrics.eventsOutOfRange.increment(outOfRange);
    if (w == null) {
      return;
    }
    w.state.lastWallMillis = now;
    w.lastRecordMillis = record.timestamp();
    if (sample != null && sample.getEndOfSample()) {
      finish(w, record.timestamp(), receivedNanos);
    } else {
      store.put(sensorId, w.state.metaBytes());
      if (w.state.frames != null) {
        for (int b = dirtyLow; b <= dirtyHigh; b++) {
          store.put(w.binKeys[b], w.state.binBytes(b));
          w.binStored[b] = true;
        }
      }
    }
  }

  private static boolean sameSample(Window w, SampleInfo sample) {
    return sample.getSampleId().equals(w.state.sampleId);
  }

  private static boolean isFixedDt(LoadedModel model) {
    return model.artifact().binning().window() == WindowMode.FIXED_DT;
  }

  private static long fixedDtLength(LoadedModel model) {
    BinningSpec spec = model.artifact().binning();
    return spec.dtMicros() * spec.timesteps();
  }

  /** The bin of time {@code t} in the window; may be {@code >= T} (FIXED_DT) or negative (late). */
  private static int bin(Window w, long t) {
    WindowState s = w.state;
    int timesteps = w.spec().timesteps();
    if (!s.fixedDt) {
      return BinRule.nBins(t, s.windowStartMicros, s.durationMicros, timesteps);
    }
    long b = BinRule.fixedDt(t, s.windowStartMicros, w.spec().dtMicros());
    if (b >= timesteps) {
      return -1; // beyond a sample's FIXED_DT window: outside, counted as late
    }
    return b < 0 ? -1 : (int) b;
  }

  private Window open(String sensorId, LoadedModel model, SampleInfo sample) {
    WindowState s = new WindowState();
    s.modelVersion = model.version();
    s.sampleId = sample.getSampleId();
    s.label = sample.getLabel() == null ? -1 : sample.getLabel();
    s.labelName = sample.getLabelName();
    s.fixedDt = isFixedDt(model);
    s.windowStartMicros = sample.getSampleStartMicros();
    s.durationMicros =
        s.fixedDt ? fixedDtLength(model) : Math.max(1, sample.getSampleDurationMicros());
    s.frames =
        new float[model.artifact().binning().timesteps() * model.artifact().binning().frameSize()];
    s.track(model.artifact().binning().frameSize(), true);
    Window w = new Window(sensorId, s, model, networkState(model));
    cache.put(sensorId, w);
    return w;
  }

  private Window openLive(String sensorId, LoadedModel model, long startMicros) {
    WindowState s = new WindowState();
    s.modelVersion = model.version();
    s.fixedDt = true;
    s.windowStartMicros = startMicros;
    s.durationMicros = fixedDtLength(model);
    s.frames =
        new float[model.artifact().binning().timesteps() * model.artifact().binning().frameSize()];
    s.track(model.artifact().binning().frameSize(), true);
    Window w = new Window(sensorId, s, model, networkState(model));
    cache.put(sensorId, w);
    return w;
  }

  /** The open window of a sensor: cached, or rebuilt from the store, or null. */
  private Window window(String sensorId) {
    Window w = cache.get(sensorId);
    if (w != null) {
      return w;
    }
    byte[] bytes = store.get(sensorId);
    if (bytes == null) {
      return null;
    }
    WindowState s = WindowState.fromBytes(bytes);
    LoadedModel model = slot.current();
    if (model == null) {
      return null;
    }
    BinningSpec spec = model.artifact().binning();
    if (s.frames != null && s.frames.length != spec.timesteps() * spec.frameSize()) {
      LOG.warn(
          "sensor {}: stored window does not fit model version {}, discarded",
          sensorId,
          model.version());
      store.delete(sensorId);
      return null;
    }
    if (s.modelVersion != model.version()) {
      LOG.info(
          "sensor {}: window of model version {} continues on version {}",
          sensorId,
          s.modelVersion,
          model.version());
    }
    // an ended window needs no membranes (it never steps again)
    w = new Window(sensorId, s, model, s.exited ? null : networkState(model));
    if (s.frames != null) {
      for (int b = 0; b < spec.timesteps(); b++) {
        byte[] bin = store.get(w.binKeys[b]);
        if (bin != null) {
          s.readBin(b, w.frameSize, bin);
          w.binStored[b] = true;
        }
      }
      s.track(w.frameSize, false);
    }
    if (!s.exited) {
      // membranes are a cache: replay the frames of the steps already run (DESIGN section 10)
      for (int t = 0; t < s.stepsRun; t++) {
        w.model.network().step(w.network, s.frames, t * w.frameSize, t);
        w.network.logits(w.logits);
        w.decider.exitAfter(t, w.logits);
      }
      metrics.windowsRebuilt.increment();
    }
    cache.put(sensorId, w);
    return w;
  }

  /** Closes the open bin: runs its network step, then asks the exit policy. */
  private void stepNext(Window w, long recordTimestamp, long receivedNanos) {
    WindowState s = w.state;
    int t = s.stepsRun;
    int timesteps = w.spec().timesteps();
    long startNanos = System.nanoTime();
    // frame t lies at t * frameSize of the window's frames (C order [T][2][H'][W'], DESIGN 6)
    w.model.network().step(w.network, s.frames, t * w.frameSize, t);
    s.stepsRun = t + 1;
    metrics.timestepsRun.increment();
    double[] logits = w.logits;
    w.network.logits(logits);
    metrics.stepLatency.record(
        System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    boolean exit = w.decider.exitAfter(t, logits);
    if (exit || t == timesteps - 1) {
      emit(w, t, exit, logits, recordTimestamp, receivedNanos);
      if (w.lastEventNanos != 0) {
        // last event up to the exit step's bin -> classification handed to the sink
        metrics.sampleLatency.record(
            System.nanoTime() - w.lastEventNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
      s.exited = true;
      s.frames = null;
      deleteBins(w);
      metrics.timestepsSaved.increment(timesteps - 1 - t);
    }
  }

  /**
   * Runs the remaining steps of a window, unless it exited. The window then stays, exited, in the
   * cache and the store until the sensor's next sample or window replaces it: later events of the
   * same sample or window are counted as after the exit instead of opening a second window for it,
   * which would classify the sample twice. (They happen: a survivor that takes over a sensor after
   * a failover can close its window as quiet while the rest of the sample still waits in the input
   * backlog.) One small entry per sensor.
   */
  private void finish(Window w, long recordTimestamp, long receivedNanos) {
    if (w.network == null) {
      return; // finished before
    }
    while (!w.state.exited) {
      stepNext(w, recordTimestamp, receivedNanos);
    }
    store.put(w.sensorId, w.state.metaBytes());
    spareState = w.network; // the window is done: its membranes serve the next one
    spareModel = w.model;
    w.network = null; // an ended window never steps again; it must not pin them
  }

  /** Fresh membranes for a window of {@code model}: the spare state, reset, or a new one. */
  private NetworkState networkState(LoadedModel model) {
    if (spareState != null && spareModel == model) {
      NetworkState state = spareState;
      spareState = null;
      state.reset();
      return state;
    }
    return model.network().newState();
  }

  /** Deletes the window's stored bins (only those that were written: a delete is a tombstone). */
  private void deleteBins(Window w) {
    for (int b = 0; b < w.binKeys.length; b++) {
      if (w.binStored[b]) {
        store.delete(w.binKeys[b]);
        w.binStored[b] = false;
      }
    }
  }

  private void emit(
      Window w, int t, boolean exit, double[] logits, long recordTimestamp, long receivedNanos) {
    WindowState s = w.state;
    int timesteps = w.spec().timesteps();
    int predicted = 0;
    for (int k = 1; k < logits.length; k++) {
      if (logits[k] > logits[predicted]) {
        predicted = k;
      }
    }
    List<Float> scores = new ArrayList<>(logits.length);
    for (double v : logits) {
      scores.add((float) v);
    }
    ExitReason reason =
        !exit
            ? ExitReason.NONE
            : switch (w.model.exitPolicy().kind()) {
              case NONE -> ExitReason.NONE;
              case BNTT -> ExitReason.BNTT;
              case CONFIDENCE -> ExitReason.CONFIDENCE;
            };
    // end of bin t: (t + 1) / T of the window (N_BINS: of d; FIXED_DT: (t + 1) * dt)
    long eventLatency = s.durationMicros / timesteps * (t + 1);
    Classification c =
        Classification.newBuilder()
            .setSensorId(w.sensorId)
            .setSampleId(s.sampleId)
            .setWindowStartMicros(s.windowStartMicros)
            .setPredictedClass(predicted)
            .setPredictedName(w.model.artifact().classNames().get(predicted))
            .setScores(scores)
            .setExitStep(t)
            .setTimesteps(timesteps)
            .setExitReason(reason)
            .setEventTimeLatencyMicros(eventLatency)
            .setWallClockLatencyMicros((System.nanoTime() - receivedNanos) / 1000)
            .setEmittedAtMillis(context.currentSystemTimeMs())
            .setModelName(w.model.name())
            .setModelVersion(w.model.version())
            .setTrueLabel(s.label < 0 ? null : s.label)
            .build();
    metrics.classifications.increment();
    metrics.exitStep.record(t);
    latest.put(w.sensorId, c);
    context.forward(new Record<>(w.sensorId, c, recordTimestamp));
  }

  private void noteRead(long recordMillis, long nowMillis) {
    if (taskFirstRecordMillis == Long.MIN_VALUE) {
      taskFirstRecordMillis = recordMillis;
    }
    taskRecordMillis = Math.max(taskRecordMillis, recordMillis);
    lastReadWallMillis = nowMillis;
    lastReadAgeMillis = nowMillis - recordMillis;
  }

  /**
   * Whether the window's sensor went quiet: no event for the timeout in wall time and, while the
   * task reads a backlog (a record older than the timeout read within the timeout), also in record
   * time: the task's newest record is the timeout past the sensor's last one (past the first record
   * this instance read, for a window rebuilt here).
   */
  private boolean isQuiet(Window w, long nowMillis) {
    if (nowMillis - w.state.lastWallMillis < quietTimeoutMillis) {
      return false;
    }
    if (w.state.exited) {
      return true; // nothing left to close (finish is a no-op); not a deferral either
    }
    boolean backlog =
        nowMillis - lastReadWallMillis < quietTimeoutMillis
            && lastReadAgeMillis >= quietTimeoutMillis;
    if (!backlog) {
      return true;
    }
    long since = w.lastRecordMillis != Long.MIN_VALUE ? w.lastRecordMillis : taskFirstRecordMillis;
    boolean quietInRecordTime =
        since != Long.MIN_VALUE && taskRecordMillis - since >= quietTimeoutMillis;
    if (!quietInRecordTime) {
      metrics.quietClosesDeferred.increment();
    }
    return quietInRecordTime;
  }

  /** Wall-clock punctuation: closes the windows of sensors quiet for the timeout. */
  private void closeQuiet(long nowMillis) {
    List<String> quiet = new ArrayList<>();
    List<String> unseen = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (kv.key.indexOf(WindowState.BIN_SEPARATOR) >= 0) {
          continue; // a bin of some window, not a window
        }
        Window cached = cache.get(kv.key);
        if (cached == null) {
          unseen.add(kv.key); // not seen since a restart or rebalance
          continue;
        }
        if (isQuiet(cached, nowMillis)) {
          quiet.add(kv.key);
        }
      }
    }
    for (String sensorId : unseen) {
      Window w = window(sensorId);
      if (w != null) {
        w.state.lastWallMillis = nowMillis; // its quiet time starts with this instance
      }
    }
    long nanos = System.nanoTime();
    for (String sensorId : quiet) {
      Window w = window(sensorId);
      if (w == null) {
        continue; // no model to rebuild it with yet
      }
      finish(w, nowMillis, nanos);
    }
  }
}
