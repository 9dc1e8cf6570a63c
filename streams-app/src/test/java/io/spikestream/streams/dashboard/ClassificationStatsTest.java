package io.spikestream.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.ExitReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationStatsTest {

  static Classification classification(
      String sensor,
      int predicted,
      Integer label,
      int exitStep,
      ExitReason reason,
      long wallMicros) {
    return Classification.newBuilder()
        .setSensorId(sensor)
        .setSampleId("s")
        .setWindowStartMicros(0)
        .setPredictedClass(predicted)
        .setPredictedName("c" + predicted)
        .setScores(List.of(0.1f, 0.9f, 0.0f))
        .setExitStep(exitStep)
        .setTimesteps(10)
        .setExitReason(reason)
        .setEventTimeLatencyMicros(30_000L * (exitStep + 1))
        .setWallClockLatencyMicros(wallMicros)
        .setEmittedAtMillis(System.currentTimeMillis())
        .setModelName("m")
        .setModelVersion(1)
        .setTrueLabel(label)
        .build();
  }

  @Test
  void accuracyCountsOnlyLabelledClassifications() {
    ClassificationStats s = new ClassificationStats();
    assertThat(s.accuracy()).isNaN();
    assertThat(s.meanExitTimestep()).isNaN();
    s.add(classification("a", 1, 1, 1, ExitReason.CONFIDENCE, 100));
    s.add(classification("a", 2, 1, 3, ExitReason.CONFIDENCE, 200));
    s.add(classification("b", 0, null, 9, ExitReason.NONE, 300));
    s.add(classification("b", 0, 0, 1, ExitReason.CONFIDENCE, 400));
    assertThat(s.classifications()).isEqualTo(4);
    assertThat(s.labelled()).isEqualTo(3);
    assertThat(s.correct()).isEqualTo(2);
    assertThat(s.accuracy()).isEqualTo(2.0 / 3);
  }

  @Test
  void exitHistogramAndMeanCountTimestepsUsed() {
    ClassificationStats s = new ClassificationStats();
    s.add(classification("a", 1, 1, 1, ExitReason.CONFIDENCE, 0)); // 2 steps
    s.add(classification("a", 1, 1, 1, ExitReason.CONFIDENCE, 0)); // 2 steps
    s.add(classification("a", 1, 1, 9, ExitReason.NONE, 0)); // 10 steps
    assertThat(s.timesteps()).isEqualTo(10);
    assertThat(s.exitHistogram()).containsExactly(0, 2, 0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(s.meanExitTimestep()).isEqualTo(14.0 / 3);
    assertThat(s.byReason())
        .containsEntry(ExitReason.CONFIDENCE, 2L)
        .containsEntry(ExitReason.NONE, 1L)
        .doesNotContainKey(ExitReason.BNTT);
  }

  @Test
  void latencyQuantilesUseTheNearestRank() {
    ClassificationStats s = new ClassificationStats();
    assertThat(s.wallClockLatencyMicros(0.99)).isEqualTo(-1);
    for (int i = 100; i >= 1; i--) {
      s.add(classification("a", 1, 1, 1, ExitReason.CONFIDENCE, i * 10L));
    }
    assertThat(s.wallClockLatencyMicros(0.5)).isEqualTo(500);
    assertThat(s.wallClockLatencyMicros(0.99)).isEqualTo(990);
    assertThat(s.wallClockLatencyMicros(1.0)).isEqualTo(1000);
    assertThat(s.wallClockLatencyMicros(0.0)).isEqualTo(10);
    assertThat(s.eventTimeLatencyMicros(0.5)).isEqualTo(60_000);
  }

  @Test
  void aCopyDoesNotFollowTheOriginal() {
    ClassificationStats s = new ClassificationStats();
    s.add(classification("a", 1, 1, 1, ExitReason.CONFIDENCE, 5));
    ClassificationStats c = s.copy();
    s.add(classification("a", 0, 1, 4, ExitReason.CONFIDENCE, 7));
    assertThat(c.classifications()).isEqualTo(1);
    assertThat(c.accuracy()).isEqualTo(1.0);
    assertThat(c.exitHistogram()[4]).isZero();
    assertThat(c.wallClockLatencyMicros(1.0)).isEqualTo(5);
    assertThat(s.accuracy()).isEqualTo(0.5);
  }
}
