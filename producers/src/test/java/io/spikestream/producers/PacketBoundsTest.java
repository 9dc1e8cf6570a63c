package io.spikestream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketBoundsTest {

  private static List<Integer> ends(long[] ts, int maxEvents, long maxSpan) {
    List<Integer> ends = new ArrayList<>();
    for (int from = 0; from < ts.length; ) {
      int end = PacketBounds.end(ts, from, ts.length, maxEvents, maxSpan);
      assertThat(end).isGreaterThan(from).isLessThanOrEqualTo(ts.length);
      ends.add(end);
      from = end;
    }
    return ends;
  }

  @Test
  void cutsByEventCount() {
    long[] ts = new long[10];
    assertThat(ends(ts, 4, 0)).containsExactly(4, 8, 10);
  }

  @Test
  void cutsBySpanWithTheEdgeOpeningTheNextPacket() {
    long[] ts = {0, 5, 9, 10, 19, 20, 45};
    // span 10: [0,10) -> 0,5,9 ; [10,20) -> 10,19 ; [20,30) -> 20 ; [45..] -> 45
    assertThat(ends(ts, 100, 10)).containsExactly(3, 5, 6, 7);
  }

  @Test
  void bothLimitsApply() {
    long[] ts = {0, 1, 2, 3, 100, 101};
    assertThat(ends(ts, 3, 50)).containsExactly(3, 4, 6);
  }

  @Test
  void aSingleEventAlwaysFits() {
    long[] ts = {0, 1000, 2000};
    assertThat(ends(ts, 1, 1)).containsExactly(1, 2, 3);
  }
}
