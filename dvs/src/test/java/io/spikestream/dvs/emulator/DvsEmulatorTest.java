package io.spikestream.dvs.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.images.GrayImage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DvsEmulatorTest {

  private static final EmulatorConfig NMNIST = EmulatorConfig.defaults(MotionProfile.NMNIST);

  /** 28x28: a white 10x10 square in the middle of black. */
  private static GrayImage square() {
    byte[] px = new byte[28 * 28];
    for (int y = 9; y < 19; y++) {
      for (int x = 9; x < 19; x++) {
        px[y * 28 + x] = (byte) 255;
      }
    }
    return new GrayImage(28, 28, px);
  }

  /** 28x28: black left half, white right half (columns 14..27). */
  private static GrayImage halves() {
    byte[] px = new byte[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 14; x < 28; x++) {
        px[y * 28 + x] = (byte) 255;
      }
    }
    return new GrayImage(28, 28, px);
  }

  @Test
  void sameSeedAndIndexGiveTheSameEvents() {
    DvsEmulator a = new DvsEmulator(NMNIST, 1234);
    DvsEmulator b = new DvsEmulator(NMNIST, 1234);
    EventBatch first = a.emulate(square(), 7);
    EventBatch again = b.emulate(square(), 7);
    assertThat(first.size()).isPositive().isEqualTo(again.size());
    assertThat(Arrays.copyOf(first.timestampsMicros(), first.size()))
        .isEqualTo(Arrays.copyOf(again.timestampsMicros(), again.size()));
    assertThat(Arrays.copyOf(first.xs(), first.size()))
        .isEqualTo(Arrays.copyOf(again.xs(), again.size()));
    assertThat(Arrays.copyOf(first.ys(), first.size()))
        .isEqualTo(Arrays.copyOf(again.ys(), again.size()));
    assertThat(first.countOn()).isEqualTo(again.countOn());
    EventBatch other = a.emulate(square(), 8);
    assertThat(Arrays.copyOf(other.timestampsMicros(), other.size()))
        .isNotEqualTo(Arrays.copyOf(first.timestampsMicros(), first.size()));
  }

  @Test
  void staticImageWithoutNoiseGivesNoEventsAndNoiseMatchesItsRate() {
    EmulatorConfig quiet = NMNIST.withRefractoryAndNoise(1000, 0);
    EventBatch none =
        new DvsEmulator(quiet, 1)
            .emulate(square(), Motion.still(), 306_000, new SplittableRandom(1));
    assertThat(none.size()).isZero();

    // 50 Hz per pixel over 34 x 34 pixels for 1 s: 57,800 expected (refractory 0)
    EmulatorConfig noisy = NMNIST.withRefractoryAndNoise(0, 50);
    EventBatch noise =
        new DvsEmulator(noisy, 1)
            .emulate(square(), Motion.still(), 306_000, new SplittableRandom(2));
    double expected = 50.0 * 34 * 34 * 0.306;
    assertThat((double) noise.size()).isBetween(expected * 0.95, expected * 1.05);
    assertThat((double) noise.countOn() / noise.size()).isBetween(0.45, 0.55);
  }

  @Test
  void movingEdgeFiresOnWhereItBrightensAndOffWhereItDarkens() {
    EmulatorConfig clean = NMNIST.withRefractoryAndNoise(0, 0).withThresholdSigma(0);
    // the image slides 2 px to the left over 100 ms: the black|white edge (output column 3 + 14 =
    // 17) moves left, so columns 15..16 turn white (ON); the image's white|black right border
    // (column 31) moves left, so columns 29..30 turn black (OFF)
    Motion left =
        (t, out) -> {
          out[0] = -2.0 * Math.min(t, 100_000) / 100_000;
          out[1] = 0;
        };
    EventBatch events =
        new DvsEmulator(clean, 3).emulate(halves(), left, 100_000, new SplittableRandom(3));
    int onNearEdge = 0;
    int offNearBorder = 0;
    for (int i = 0; i < events.size(); i++) {
      int x = events.x(i);
      if (x >= 13 && x <= 18) {
        assertThat(events.on(i)).as("event %d at x=%d", i, x).isTrue();
        onNearEdge++;
      } else if (x >= 28 && x <= 32) {
        assertThat(events.on(i)).as("event %d at x=%d", i, x).isFalse();
        offNearBorder++;
      } else {
        throw new AssertionError("event at x=" + x + " away from both edges");
      }
    }
    assertThat(onNearEdge).isGreaterThan(100);
    assertThat(offNearBorder).isGreaterThan(100);
    // several thresholds per crossing: the full black-to-white change ln(1.1/0.1) = 2.4 spans
    // 9 thresholds of 0.25, so a pixel swept by the edge fires about 9 ON events
    Map<Integer, Integer> perPixel = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.on(i) && events.x(i) == 16) {
        perPixel.merge(events.y(i), 1, Integer::sum);
      }
    }
    assertThat(perPixel.get(10)).isBetween(8, 10);
  }

  @Test
  void refractoryPeriodIsRespectedPerPixel() {
    long refractory = 15_000;
    EmulatorConfig slow = NMNIST.withRefractoryAndNoise(refractory, 5);
    EventBatch events = new DvsEmulator(slow, 5).emulate(square(), 0);
    assertThat(events.size()).isPositive();
    Map<Integer, Long> last = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      int pixel = events.y(i) * 34 + events.x(i);
      Long previous = last.put(pixel, events.timestampMicros(i));
      if (previous != null) {
        assertThat(events.timestampMicros(i) - previous).isGreaterThanOrEqualTo(refractory);
      }
    }
    EventBatch free = new DvsEmulator(NMNIST.withRefractoryAndNoise(0, 5), 5).emulate(square(), 0);
    assertThat(free.size()).isGreaterThan(events.size());
  }

  @Test
  void nmnistProfileGivesThreeSaccadesOfEventsInTheRealRange() {
    DvsEmulator emulator = new DvsEmulator(NMNIST, 11);
    EventBatch events = emulator.emulate(square(), 0);
    EventStatistics stats = EventStatistics.of(events, 0, 306_000, 3);
    // real N-MNIST samples hold 1,665..6,144 events (docs/emulator.md); a 10x10 square is a
    // mid-sized shape
    assertThat(stats.events()).isBetween(1000, 8000);
    assertThat(stats.onFraction()).isBetween(0.4, 0.6);
    assertThat(stats.spanMicros()).isBetween(250_000L, 306_000L);
    for (int segment : stats.perSegment()) {
      assertThat(segment).isGreaterThan(stats.events() / 6);
    }
    long previous = 0;
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.timestampMicros(i))
          .isGreaterThanOrEqualTo(previous)
          .isBetween(1L, 306_000L);
      previous = events.timestampMicros(i);
      assertThat(emulator.geometry().contains(events.x(i), events.y(i))).isTrue();
    }
  }

  @Test
  void cifarProfileFillsTheDvs128View() {
    byte[] px = new byte[32 * 32];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) ((i % 32) * 8); // horizontal ramp with structure
    }
    px[16 * 32 + 16] = (byte) 255;
    EmulatorConfig cifar = EmulatorConfig.defaults(MotionProfile.CIFAR10DVS);
    EventBatch events = new DvsEmulator(cifar, 2).emulate(new GrayImage(32, 32, px), 0);
    EventStatistics stats = EventStatistics.of(events, 0, 1_300_000, 4);
    assertThat(stats.events()).isGreaterThan(5000);
    int minX = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    for (int i = 0; i < events.size(); i++) {
      minX = Math.min(minX, events.x(i));
      maxX = Math.max(maxX, events.x(i));
    }
    assertThat(minX).isLessThan(16);
    assertThat(maxX).isGreaterThan(112);
    // the loop repeats: each of the 4 periods carries events
    for (int segment : stats.perSegment()) {
      assertThat(segment).isGreaterThan(stats.events() / 8);
    }
  }

  @Test
  void configErrorsNameFieldAndValue() {
    assertThatThrownBy(() -> NMNIST.withThresholds(0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("onThreshold must be in (0, 100), got 0.0");
    assertThatThrownBy(() -> NMNIST.withRefractoryAndNoise(-1, 0))
        .hasMessage("refractoryMicros must be >= 0, got -1");
    assertThatThrownBy(() -> NMNIST.withThresholdSigma(-0.1))
        .hasMessage("thresholdSigma must be in [0, 1), got -0.1");
  }
}
