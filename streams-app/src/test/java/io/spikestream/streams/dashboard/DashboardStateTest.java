package io.spikestream.streams.dashboard;

import static io.spikestream.streams.dashboard.ClassificationStatsTest.classification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.SampleInfo;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
  private final AtomicLong clock = new AtomicLong();
  private final ModelInfo model = new ModelInfo("demo", 3, List.of("zero", "one", "two"), 10);

  private DashboardState state(DashboardConfig config) {
    return new DashboardState(config, () -> model, clock::get);
  }

  private static SampleInfo sample(String id, int label, String name) {
    return SampleInfo.newBuilder()
        .setSampleId(id)
        .setLabel(label)
        .setLabelName(name)
        .setSampleStartMicros(0)
        .setSampleDurationMicros(300_000)
        .setEndOfSample(false)
        .build();
  }

  @Test
  void snapshotHoldsFramesPredictionsAndTotals() throws Exception {
    DashboardState s = state(DashboardConfig.defaults());
    s.onEvents(
        "cam-b",
        34,
        34,
        new int[] {1, 2},
        new int[] {0, 3},
        new boolean[] {true, false},
        new long[] {1_000, 2_000},
        2,
        sample("scene-7", 1, "one"));
    s.onEvents(
        "cam-a",
        34,
        34,
        new int[] {5},
        new int[] {5},
        new boolean[] {true},
        new long[] {1},
        1,
        null);
    clock.set(1_000_000_000L);
    s.onClassification(classification("cam-b", 1, 1, 2, ExitReason.CONFIDENCE, 1_500));
    s.onClassification(classification("cam-a", 0, 2, 9, ExitReason.NONE, 500));

    JsonNode j = new ObjectMapper().readTree(s.snapshotJson());
    assertThat(j.get("model").get("name").asText()).isEqualTo("demo");
    assertThat(j.get("model").get("classes")).hasSize(3);
    assertThat(j.get("events").asLong()).isEqualTo(3);
    assertThat(j.get("classifications").asLong()).isEqualTo(2);
    assertThat(j.get("accuracy").asDouble()).isEqualTo(0.5);
    assertThat(j.get("meanExitTimestep").asDouble()).isEqualTo(6.5); // (3 + 10) / 2
    assertThat(j.get("exitHistogram")).hasSize(10);
    assertThat(j.get("exitHistogram").get(2).asLong()).isEqualTo(1);
    assertThat(j.get("exitHistogram").get(9).asLong()).isEqualTo(1);
    assertThat(j.get("p99LatencyMillis").asDouble()).isEqualTo(1.5);

    JsonNode sensors = j.get("sensors");
    assertThat(sensors).hasSize(2);
    assertThat(sensors.get(0).get("id").asText()).isEqualTo("cam-a"); // sorted by id
    JsonNode b = sensors.get(1);
    assertThat(b.get("events").asLong()).isEqualTo(2);
    assertThat(b.get("labelName").asText()).isEqualTo("one");
    JsonNode frame = b.get("frame");
    assertThat(frame.get("width").asInt()).isEqualTo(34);
    byte[] on = Base64.getDecoder().decode(frame.get("on").asText());
    byte[] off = Base64.getDecoder().decode(frame.get("off").asText());
    assertThat(on).hasSize(34 * 34);
    assertThat(on[0 * 34 + 1]).isEqualTo((byte) 1);
    assertThat(off[3 * 34 + 2]).isEqualTo((byte) 1);
    JsonNode p = b.get("prediction");
    assertThat(p.get("predictedName").asText()).isEqualTo("c1");
    assertThat(p.get("exitStep").asInt()).isEqualTo(2);
    assertThat(p.get("correct").asBoolean()).isTrue();
    assertThat(p.get("trueName").asText()).isEqualTo("one");
    assertThat(p.get("scores")).hasSize(3);
    JsonNode a = sensors.get(0).get("prediction");
    assertThat(a.get("correct").asBoolean()).isFalse();
    assertThat(a.get("trueName").asText()).isEqualTo("two");
  }

  @Test
  void ratesFollowTheInjectedClock() throws Exception {
    DashboardState s = state(DashboardConfig.defaults());
    for (int i = 0; i < 4; i++) {
      clock.set(i * 500_000_000L); // one packet of 1000 events per half second
      s.onEvents(
          "c", 10, 10, new int[1000], new int[1000], new boolean[1000], new long[1000], 1000, null);
      s.onClassification(classification("c", 1, 1, 1, ExitReason.CONFIDENCE, 1));
    }
    clock.set(2_000_000_000L);
    JsonNode j = new ObjectMapper().readTree(s.snapshotJson());
    assertThat(j.get("eventsPerSecond").asLong()).isEqualTo(2000);
    assertThat(j.get("classificationsPerSecond").asDouble()).isEqualTo(2.0);
  }

  @Test
  void sensorsBeyondTheLimitAreCountedNotShown() throws Exception {
    DashboardConfig two =
        new DashboardConfig(DashboardConfig.DEFAULT_UPDATE_INTERVAL, 20_000, 4, 64, 2, 8, 4);
    DashboardState s = state(two);
    for (String id : List.of("a", "b", "c")) {
      s.onEvents(id, 4, 4, new int[1], new int[1], new boolean[1], new long[1], 1, null);
    }
    JsonNode j = new ObjectMapper().readTree(s.snapshotJson());
    assertThat(j.get("sensors")).hasSize(2);
    assertThat(j.get("sensorsHidden").asLong()).isEqualTo(1);
    assertThat(j.get("events").asLong()).isEqualTo(3);
  }

  @Test
  void withoutModelOrClassificationsTheFieldsAreNull() throws Exception {
    DashboardState s = new DashboardState(DashboardConfig.defaults(), () -> null, clock::get);
    JsonNode j = new ObjectMapper().readTree(s.snapshotJson());
    assertThat(j.get("model").isNull()).isTrue();
    assertThat(j.get("accuracy").isNull()).isTrue();
    assertThat(j.get("p99LatencyMillis").isNull()).isTrue();
    assertThat(j.get("sensors")).isEmpty();
  }
}
