package io.spikestream.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {
  private static final long S = 1_000_000_000L;

  @Test
  void averagesTheFullBucketsOfTheWindow() {
    RateMeter m = new RateMeter(S, 5); // current bucket + 4 full ones
    assertThat(m.perSecond(0)).isZero();
    m.add(100, 0); // bucket 0
    assertThat(m.perSecond(S / 2)).isZero(); // no full bucket yet
    m.add(300, S + 1); // bucket 1
    assertThat(m.perSecond(2 * S)).isCloseTo(200, within(1e-9)); // buckets 0, 1
    m.add(1_000, 2 * S + 5); // current bucket 2: not counted yet
    assertThat(m.perSecond(2 * S + 10)).isCloseTo(200, within(1e-9));
    // at 7 s the window is buckets 3..6, all empty
    assertThat(m.perSecond(7 * S)).isZero();
  }

  @Test
  void oldBucketsAreReusedNotAdded() {
    RateMeter m = new RateMeter(S, 3);
    m.add(50, 0); // bucket 0 -> ring 0
    m.add(10, 3 * S); // bucket 3 -> ring 0 again: the 50 must be gone
    m.add(20, 4 * S);
    // window at 5 s: buckets 3, 4
    assertThat(m.perSecond(5 * S)).isCloseTo(15, within(1e-9));
  }
}
