package io.spikestream.dvs.binning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamBinnerTest {

  private static final SensorGeometry SOURCE = new SensorGeometry(4, 2);

  @Test
  void nBinsClosesABinWhenALaterBinOpensAndTheRestAtSampleEnd() {
    BinningSpec spec = BinningSpec.nBins(4, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forSamples(spec, SOURCE);
    RecordingListener listener = new RecordingListener(spec);
    binner.startSample(100, 40, listener); // bins 10 us wide: [100,110) [110,120) ...
    binner.accept(0, 0, true, 105, listener);
    assertThat(listener.closed).isEmpty();
    binner.accept(3, 1, false, 120, listener); // exactly the start of bin 2: closes 0 and 1
    assertThat(listener.timesteps()).containsExactly(0, 1);
    assertThat(listener.closed.get(0).frame()).containsExactly(0, 0, 0, 0, 1, 0, 0, 0);
    assertThat(listener.closed.get(1).frame()).containsOnly(0f); // empty bin still reported
    binner.accept(0, 0, true, 119, listener); // bin 1 is closed: late
    assertThat(binner.late()).isEqualTo(1);
    binner.endWindow(listener);
    assertThat(listener.timesteps()).containsExactly(0, 1, 2, 3);
    assertThat(listener.closed.get(2).frame()).containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
    assertThat(listener.windows).containsExactly(100L);
    assertThat(binner.isOpen()).isFalse();
    binner.accept(0, 0, true, 150, listener);
    assertThat(binner.noWindow()).isEqualTo(1);
  }

  @Test
  void startingASampleEndsTheOpenOne() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forSamples(spec, SOURCE);
    RecordingListener listener = new RecordingListener(spec);
    binner.startSample(0, 10, listener);
    binner.accept(0, 0, true, 1, listener);
    binner.startSample(10, 10, listener);
    assertThat(listener.timesteps()).containsExactly(0, 1);
    assertThat(listener.windows).containsExactly(0L);
    binner.accept(0, 0, true, 12, listener);
    binner.endWindow(listener);
    assertThat(listener.windows).containsExactly(0L, 10L);
    assertThat(listener.closed.get(2).frame()).containsExactly(0, 0, 0, 0, 1, 0, 0, 0);
  }

  @Test
  void fixedDtCutsAStreamIntoWindowsOfTBins() {
    // T = 3 bins of 10 us; the first event anchors the window at 1000
    BinningSpec spec = BinningSpec.fixedDt(3, 10, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forStream(spec, SOURCE);
    RecordingListener listener = new RecordingListener(spec);
    binner.accept(0, 0, true, 1000, listener); // bin 0
    binner.accept(0, 0, true, 1005, listener); // bin 0
    binner.accept(3, 1, true, 1010, listener); // edge: bin 1, closes 0
    assertThat(listener.timesteps()).containsExactly(0);
    assertThat(listener.closed.get(0).frame()).containsExactly(0, 0, 0, 0, 2, 0, 0, 0);
    binner.accept(3, 1, false, 1029, listener); // bin 2
    binner.accept(0, 0, false, 1030, listener); // next window [1030, 1060), bin 0
    assertThat(listener.timesteps()).containsExactly(0, 1, 2);
    assertThat(listener.windows).containsExactly(1000L);
    assertThat(listener.closed.get(1).frame()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(listener.closed.get(2).frame()).containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
    binner.accept(0, 0, false, 1029, listener); // before the open window: late
    assertThat(binner.late()).isEqualTo(1);
    // 1095 is in window [1090, 1120) bin 0; window [1060, 1090) saw nothing and is skipped
    binner.accept(0, 0, true, 1095, listener);
    assertThat(listener.windows).containsExactly(1000L, 1030L);
    assertThat(binner.skippedWindows()).isEqualTo(1);
    assertThat(binner.windowStartMicros()).isEqualTo(1090L);
    assertThat(listener.closed.get(3).frame()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
    // stream time moves on: bins ending at or before 1110 close
    binner.advanceTo(1110, listener);
    assertThat(listener.timesteps()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1);
    binner.advanceTo(1120, listener);
    assertThat(listener.windows).containsExactly(1000L, 1030L, 1090L);
    assertThat(binner.accepted()).isEqualTo(6);
  }

  @Test
  void fixedDtWithAnchorRejectsEarlierEventsAsLate() {
    BinningSpec spec = BinningSpec.fixedDt(2, 10, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forStream(spec, SOURCE, 500);
    RecordingListener listener = new RecordingListener(spec);
    binner.accept(0, 0, true, 499, listener);
    binner.accept(0, 0, true, 515, listener); // bin 1, closes 0
    assertThat(binner.late()).isEqualTo(1);
    assertThat(listener.timesteps()).containsExactly(0);
    assertThat(listener.closed.get(0).frame()).containsOnly(0f);
  }

  @Test
  void outOfRangeEventsAreCountedAndCloseNothing() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forSamples(spec, SOURCE);
    RecordingListener listener = new RecordingListener(spec);
    binner.startSample(0, 10, listener);
    binner.accept(4, 0, true, 9, listener);
    binner.accept(0, 2, true, 9, listener);
    assertThat(binner.outOfRange()).isEqualTo(2);
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void nBinsStreamEqualsSampleBinnerForRandomPacketSplits() {
    SensorGeometry dvs = SensorGeometry.DVS128;
    BinningSpec spec = BinningSpec.nBins(7, 48, 48, FrameValue.COUNT);
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 20; trial++) {
      long start = random.nextLong(-1_000_000, 1_000_000);
      long duration = random.nextLong(1, 2_000_000);
      EventBatch events = randomEvents(random, dvs, start, duration, random.nextInt(0, 3000));
      float[] expected = SampleBinner.bin(spec, dvs, events, start, duration);

      StreamBinner binner = StreamBinner.forSamples(spec, dvs);
      RecordingListener listener = new RecordingListener(spec);
      binner.startSample(start, duration, listener);
      for (EventBatch packet : randomPackets(random, events)) {
        binner.accept(packet, listener);
      }
      binner.endWindow(listener);
      assertThat(listener.timesteps()).containsExactly(0, 1, 2, 3, 4, 5, 6);
      assertThat(listener.flat()).as("trial %d", trial).isEqualTo(expected);
      assertThat(binner.late()).isZero();
    }
  }

  @Test
  void fixedDtStreamEqualsSampleBinnerPerWindow() {
    SensorGeometry dvs = SensorGeometry.NMNIST;
    BinningSpec spec = BinningSpec.fixedDt(5, 1000, 34, 34, FrameValue.BINARY);
    SplittableRandom random = new SplittableRandom(7);
    long start = 10_000;
    // three windows of 5 ms
    EventBatch events = randomEvents(random, dvs, start, 15_000, 4000);
    StreamBinner binner = StreamBinner.forStream(spec, dvs, start);
    RecordingListener listener = new RecordingListener(spec);
    for (EventBatch packet : randomPackets(random, events)) {
      binner.accept(packet, listener);
    }
    binner.endWindow(listener);
    assertThat(listener.windows).containsExactly(10_000L, 15_000L, 20_000L);
    float[] all = listener.flat();
    int windowFloats = spec.timesteps() * spec.frameSize();
    for (int w = 0; w < 3; w++) {
      float[] expected = SampleBinner.bin(spec, dvs, events, start + w * 5000L, 0);
      assertThat(Arrays.copyOfRange(all, w * windowFloats, (w + 1) * windowFloats))
          .as("window %d", w)
          .isEqualTo(expected);
    }
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    for (BinningSpec spec :
        List.of(
            BinningSpec.nBins(6, 34, 34, FrameValue.COUNT),
            BinningSpec.fixedDt(4, 2500, 17, 17, FrameValue.BINARY))) {
      SensorGeometry source = SensorGeometry.NMNIST;
      SplittableRandom random = new SplittableRandom(3);
      EventBatch events = randomEvents(random, source, 0, 30_000, 3000);
      events.add(99, 0, true, 29_999); // one out of range, counted in the state
      EventBatch first = SampleBinnerTest.chunk(events, 0, 1700);
      EventBatch rest = SampleBinnerTest.chunk(events, 1700, events.size() - 1700);

      StreamBinner original =
          spec.window() == WindowMode.N_BINS
              ? StreamBinner.forSamples(spec, source)
              : StreamBinner.forStream(spec, source);
      RecordingListener a = new RecordingListener(spec);
      if (spec.window() == WindowMode.N_BINS) {
        original.startSample(0, 30_000, a);
      }
      original.accept(first, a);
      byte[] state = original.toBytes();
      StreamBinner restored = StreamBinner.fromBytes(state);
      assertThat(restored.toBytes()).isEqualTo(state);
      assertThat(restored.openBin()).isEqualTo(original.openBin());
      assertThat(restored.frame(original.openBin())).isEqualTo(original.frame(original.openBin()));

      RecordingListener b = new RecordingListener(spec);
      original.accept(rest, a);
      restored.accept(rest, b);
      original.endWindow(a);
      restored.endWindow(b);
      assertThat(b.timesteps()).isNotEmpty();
      int alreadyClosed = a.closed.size() - b.closed.size();
      assertThat(Arrays.copyOfRange(a.flat(), alreadyClosed * spec.frameSize(), a.flat().length))
          .isEqualTo(b.flat());
      assertThat(restored.toBytes()).isEqualTo(original.toBytes());
      assertThat(restored.outOfRange()).isEqualTo(1);
      // sparse: far smaller than the dense frames
      assertThat(state.length).isLessThan(spec.timesteps() * spec.frameSize() * 4 / 2);
    }
  }

  @Test
  void fromBytesRejectsUnknownVersionTruncationAndTrailingBytes() {
    BinningSpec spec = BinningSpec.nBins(2, 2, 2, FrameValue.COUNT);
    StreamBinner binner = StreamBinner.forSamples(spec, SOURCE);
    binner.startSample(0, 10, BinListener.NONE);
    binner.accept(0, 0, true, 3, BinListener.NONE);
    byte[] state = binner.toBytes();

    byte[] wrongVersion = state.clone();
    wrongVersion[0] = 9;
    assertThatThrownBy(() -> StreamBinner.fromBytes(wrongVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binner state format version must be 1, got 9");
    assertThatThrownBy(() -> StreamBinner.fromBytes(Arrays.copyOf(state, state.length - 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> StreamBinner.fromBytes(Arrays.copyOf(state, state.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> StreamBinner.fromBytes(new byte[0])).hasMessageContaining("empty");
  }

  @Test
  void modeMismatchIsRejected() {
    assertThatThrownBy(
            () -> StreamBinner.forStream(BinningSpec.nBins(2, 2, 2, FrameValue.COUNT), SOURCE))
        .hasMessage("spec.window must be FIXED_DT, got N_BINS");
  }

  /** Time-ordered random events in [start, start + duration), some on exact bin edges. */
  static EventBatch randomEvents(
      SplittableRandom random, SensorGeometry geometry, long start, long duration, int count) {
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = start + random.nextLong(duration);
    }
    Arrays.sort(times);
    EventBatch events = new EventBatch(Math.max(1, count));
    for (long t : times) {
      events.add(
          random.nextInt(geometry.width()),
          random.nextInt(geometry.height()),
          random.nextBoolean(),
          t);
    }
    return events;
  }

  static List<EventBatch> randomPackets(SplittableRandom random, EventBatch events) {
    java.util.ArrayList<EventBatch> packets = new java.util.ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      int n = Math.min(events.size() - i, random.nextInt(0, 400));
      packets.add(SampleBinnerTest.chunk(events, i, n)); // empty packets too
      i += n;
    }
    return packets;
  }
}
