package io.spikestream.dvs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filters on a real DVS128 recording (jAER AEDAT 2.0, ../shared/data/aedat2): denoise removes
 * injected uniform noise but keeps most real events; an injected hot pixel is learnt and removed;
 * ROI and downsampling keep every event on the new geometry; and filtering packet by packet gives
 * exactly the result of filtering the whole recording at once.
 */
class FiltersOnRealRecordingsTest {

  private static final String RECORDING =
      "aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat";

  record Recording(EventBatch events, SensorGeometry geometry) {}

  static Recording load() throws IOException {
    String shared = System.getProperty("spikestream.shared.dir");
    Path file = shared == null ? null : Path.of(shared, "data", RECORDING);
    assumeTrue(
        file != null && Files.isRegularFile(file),
        "real recording " + RECORDING + " not found (spikestream.shared.dir = " + shared + ")");
    EventBatch all = new EventBatch(1 << 16);
    EventBatch chunk = new EventBatch(1 << 14);
    try (EventReader r = EventFiles.open(file)) {
      while (r.read(chunk) > 0) {
        all.addAll(chunk);
      }
      return new Recording(all, r.geometry());
    }
  }

  /** Copies {@code src} and merges uniformly random noise events at {@code ratePerPixelHz}. */
  static EventBatch withNoise(
      EventBatch src, SensorGeometry g, double ratePerPixelHz, EventBatch noiseOut, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long first = src.timestampMicros(0);
    long last = src.timestampMicros(src.size() - 1);
    double meanGapMicros = 1e6 / (ratePerPixelHz * g.pixels());
    double t = first;
    while (true) {
      t += -Math.log(1 - rnd.nextDouble()) * meanGapMicros;
      if (t > last) {
        break;
      }
      noiseOut.add(rnd.nextInt(g.width()), rnd.nextInt(g.height()), rnd.nextBoolean(), (long) t);
    }
    EventBatch merged = new EventBatch(src.size() + noiseOut.size());
    int i = 0;
    int j = 0;
    while (i < src.size() || j < noiseOut.size()) {
      boolean takeSrc =
          j == noiseOut.size()
              || (i < src.size() && src.timestampMicros(i) <= noiseOut.timestampMicros(j));
      EventBatch from = takeSrc ? src : noiseOut;
      int k = takeSrc ? i++ : j++;
      merged.add(from.x(k), from.y(k), from.on(k), from.timestampMicros(k));
    }
    return merged;
  }

  static EventBatch copy(EventBatch b) {
    EventBatch c = new EventBatch(Math.max(1, b.size()));
    c.addAll(b);
    return c;
  }

  static long countOf(EventBatch b, int x, int y) {
    long n = 0;
    for (int i = 0; i < b.size(); i++) {
      if (b.x(i) == x && b.y(i) == y) {
        n++;
      }
    }
    return n;
  }

  @Test
  void denoiseRemovesInjectedNoiseButKeepsMostRealEvents() throws IOException {
    Recording rec = load();
    EventBatch real = rec.events();
    EventBatch noise = new EventBatch(1024);
    // 0.2 Hz per pixel of uniform background activity
    EventBatch noisy = withNoise(real, rec.geometry(), 0.2, noise, 42);
    assertThat(noise.size()).isGreaterThan(1000);

    FilterChain keepReal = FilterChain.parse(List.of("denoise:dt=10ms"), rec.geometry());
    EventBatch realOnly = copy(real);
    keepReal.apply(realOnly);
    double realKept = realOnly.size() / (double) real.size();

    FilterChain chain = FilterChain.parse(List.of("denoise:dt=10ms"), rec.geometry());
    EventBatch filtered = copy(noisy);
    chain.apply(filtered);
    long noiseKept = filtered.size() - countMatchingReal(filtered, real);
    double noiseKeptFraction = noiseKept / (double) noise.size();

    System.out.printf(
        "denoise 10ms on %s: %d real events, %.1f %% kept; %d injected noise events, %.1f %% kept%n",
        RECORDING, real.size(), 100 * realKept, noise.size(), 100 * noiseKeptFraction);
    assertThat(realKept).as("fraction of real events kept").isGreaterThan(0.7);
    assertThat(noiseKeptFraction).as("fraction of injected noise kept").isLessThan(0.2);
  }

  /** Number of events of {@code filtered} that are real (a real event at that index, in order). */
  private static long countMatchingReal(EventBatch filtered, EventBatch real) {
    // both are in time order; walk them together matching identical events
    long n = 0;
    int j = 0;
    for (int i = 0; i < filtered.size() && j < real.size(); i++) {
      long t = filtered.timestampMicros(i);
      while (j < real.size() && real.timestampMicros(j) < t) {
        j++;
      }
      int k = j;
      while (k < real.size() && real.timestampMicros(k) == t) {
        if (real.x(k) == filtered.x(i)
            && real.y(k) == filtered.y(i)
            && real.on(k) == filtered.on(i)) {
          n++;
          break;
        }
        k++;
      }
    }
    return n;
  }

  @Test
  void anInjectedHotPixelIsLearntAndRemoved() throws IOException {
    Recording rec = load();
    EventBatch real = rec.events();
    int hx = 17;
    int hy = 91;
    long hotBefore = countOf(real, hx, hy);
    EventBatch hot = new EventBatch(1024);
    long first = real.timestampMicros(0);
    long last = real.timestampMicros(real.size() - 1);
    for (long t = first; t <= last; t += 200) {
      hot.add(hx, hy, (t / 200) % 2 == 0, t); // 5 kHz, alternating polarity
    }
    EventBatch merged = new EventBatch(real.size() + hot.size());
    int i = 0;
    int j = 0;
    while (i < real.size() || j < hot.size()) {
      boolean takeReal =
          j == hot.size() || (i < real.size() && real.timestampMicros(i) <= hot.timestampMicros(j));
      EventBatch from = takeReal ? real : hot;
      int k = takeReal ? i++ : j++;
      merged.add(from.x(k), from.y(k), from.on(k), from.timestampMicros(k));
    }
    FilterChain chain = FilterChain.parse(List.of("hotpixel:calibrate=200ms,k=10"), rec.geometry());
    HotPixelFilter f = (HotPixelFilter) chain.stages().get(0);
    // feed in packets of 4096 events, as a live source would
    EventBatch packet = new EventBatch(4096);
    long hotAfterCalibration = 0;
    long kept = 0;
    for (int from = 0; from < merged.size(); from += 4096) {
      packet.clear();
      packet.addAll(merged, from, Math.min(4096, merged.size() - from));
      boolean wasCalibrating = f.calibrating();
      chain.apply(packet);
      kept += packet.size();
      if (!wasCalibrating) {
        hotAfterCalibration += countOf(packet, hx, hy);
      }
    }
    System.out.printf(
        "hot pixel %d/%d (%d real events there, %d injected): learnt %d pixel(s), %d of %d events"
            + " kept%n",
        hx, hy, hotBefore, hot.size(), f.learntPixels(), kept, merged.size());
    assertThat(f.isMasked(hx, hy)).isTrue();
    assertThat(hotAfterCalibration).isZero();
    assertThat(f.learntPixels())
        .as("pixels masked besides the injected one stay few")
        .isLessThan(rec.geometry().pixels() / 100);
  }

  @Test
  void roiAndDownsampleKeepEveryEventOnTheNewGeometry() throws IOException {
    Recording rec = load();
    FilterChain chain =
        FilterChain.parse(List.of("roi:x=20,y=30,w=64,h=50", "downsample:3"), rec.geometry());
    SensorGeometry out = chain.outputGeometry();
    assertThat(out).isEqualTo(new SensorGeometry(22, 17));
    EventBatch b = copy(rec.events());
    long inRegion = 0;
    for (int i = 0; i < b.size(); i++) {
      int x = b.x(i);
      int y = b.y(i);
      if (x >= 20 && x < 84 && y >= 30 && y < 80) {
        inRegion++;
      }
    }
    chain.apply(b);
    assertThat((long) b.size()).isEqualTo(inRegion).isPositive();
    for (int i = 0; i < b.size(); i++) {
      assertThat(out.contains(b.x(i), b.y(i))).as("event %d at %d,%d", i, b.x(i), b.y(i)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "denoise:dt=5ms,neighbours=4",
        "refractory:period=2ms,per-polarity=true",
        "hotpixel:calibrate=100ms,k=5",
        "denoise:10ms|refractory:1ms|roi:x=8,y=8,w=100,h=100|downsample:2|polarity:off"
      })
  void packetByPacketEqualsWhole(String specs) throws IOException {
    Recording rec = load();
    List<String> list = List.of(specs.split("\\|"));
    EventBatch whole = copy(rec.events());
    FilterChain.parse(list, rec.geometry()).apply(whole);

    FilterChain streaming = FilterChain.parse(list, rec.geometry());
    EventBatch joined = new EventBatch(1 << 16);
    EventBatch packet = new EventBatch(1000);
    SplittableRandom rnd = new SplittableRandom(7);
    EventBatch all = rec.events();
    for (int from = 0; from < all.size(); ) {
      int n = Math.min(1 + rnd.nextInt(3000), all.size() - from);
      packet.clear();
      packet.addAll(all, from, n);
      streaming.apply(packet);
      joined.addAll(packet);
      from += n;
    }
    assertThat(joined.size()).isEqualTo(whole.size());
    assertThat(whole.size()).isPositive().isLessThan(all.size());
    for (int i = 0; i < whole.size(); i++) {
      assertThat(joined.timestampMicros(i)).isEqualTo(whole.timestampMicros(i));
      assertThat(joined.x(i)).isEqualTo(whole.x(i));
      assertThat(joined.y(i)).isEqualTo(whole.y(i));
      assertThat(joined.on(i)).isEqualTo(whole.on(i));
    }
  }
}
