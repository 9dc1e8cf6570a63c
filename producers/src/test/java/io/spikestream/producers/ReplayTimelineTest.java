package io.spikestream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReplayTimelineTest {

  private static final OptionalLong NONE = OptionalLong.empty();

  @Test
  void placesSamplesBackToBackFromTheOrigin() {
    ReplayTimeline tl = new ReplayTimeline(1_000);
    // first sample: events at 50..149 in its own recording -> window [50, 150), d = 100
    ReplayTimeline.Placement a = tl.place(new long[] {50, 70, 149}, 3, NONE, NONE);
    assertThat(a.startMicros()).isEqualTo(1_000);
    assertThat(a.durationMicros()).isEqualTo(100);
    assertThat(a.shiftMicros()).isEqualTo(950);
    // second sample starts where the first's window ends: 1_000 + 100
    ReplayTimeline.Placement b = tl.place(new long[] {0, 9}, 2, NONE, NONE);
    assertThat(b.startMicros()).isEqualTo(1_100);
    assertThat(b.durationMicros()).isEqualTo(10);
    assertThat(0 + b.shiftMicros()).isGreaterThan(149 + a.shiftMicros());
    assertThat(tl.cursorMicros()).isEqualTo(1_110);
  }

  @Test
  void emptySampleTakesOneMicrosecond() {
    ReplayTimeline tl = new ReplayTimeline(0);
    ReplayTimeline.Placement p = tl.place(new long[0], 0, NONE, NONE);
    assertThat(p.startMicros()).isZero();
    assertThat(p.durationMicros()).isEqualTo(1);
    assertThat(tl.cursorMicros()).isEqualTo(1);
  }

  @Test
  void knownWindowIsKeptAndShifted() {
    ReplayTimeline tl = new ReplayTimeline(500);
    ReplayTimeline.Placement p =
        tl.place(new long[] {10, 20}, 2, OptionalLong.of(0), OptionalLong.of(300_000));
    assertThat(p.startMicros()).isEqualTo(500);
    assertThat(p.durationMicros()).isEqualTo(300_000);
    assertThat(p.shiftMicros()).isEqualTo(500);
    assertThat(tl.cursorMicros()).isEqualTo(300_500);
  }

  @Test
  void eventsOutsideAKnownWindowStillKeepTheStreamIncreasing() {
    ReplayTimeline tl = new ReplayTimeline(0);
    // window [100, 110) but events at 90 (before) and 200 (after)
    ReplayTimeline.Placement p =
        tl.place(new long[] {90, 200}, 2, OptionalLong.of(100), OptionalLong.of(10));
    assertThat(90 + p.shiftMicros()).isGreaterThanOrEqualTo(0);
    assertThat(p.durationMicros()).isEqualTo(10);
    assertThat(tl.cursorMicros()).isGreaterThan(200 + p.shiftMicros());
  }
}
