package io.spikestream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourcesTest {

  @Test
  void cifar10DvsLayoutSplitsNineToOneByFileIndexWithLabels(@TempDir Path root) throws IOException {
    Map<String, EventBatch> written =
        Aedat2TestFiles.cifar10DvsFolder(
            root, new int[] {9, 0, 3}, new int[] {901, 2, 899, 900, 999}, 1);
    List<ReplaySample> test = ReplaySources.open(root, "test");
    assertThat(test)
        .extracting(ReplaySample::sampleId)
        .containsExactly(
            "airplane/cifar10_airplane_900.aedat",
            "airplane/cifar10_airplane_901.aedat",
            "airplane/cifar10_airplane_999.aedat",
            "cat/cifar10_cat_900.aedat",
            "cat/cifar10_cat_901.aedat",
            "cat/cifar10_cat_999.aedat",
            "truck/cifar10_truck_900.aedat",
            "truck/cifar10_truck_901.aedat",
            "truck/cifar10_truck_999.aedat");
    assertThat(test).extracting(ReplaySample::label).containsExactly(0, 0, 0, 3, 3, 3, 9, 9, 9);
    assertThat(test).extracting(ReplaySample::labelName).contains("airplane", "cat", "truck");
    assertThat(ReplaySources.open(root, "train"))
        .extracting(ReplaySample::sampleId)
        .containsExactly(
            "airplane/cifar10_airplane_2.aedat",
            "airplane/cifar10_airplane_899.aedat",
            "cat/cifar10_cat_2.aedat",
            "cat/cifar10_cat_899.aedat",
            "truck/cifar10_truck_2.aedat",
            "truck/cifar10_truck_899.aedat");
    assertThat(ReplaySources.open(root, "all")).hasSize(written.size());

    // the loader gives back exactly the written events
    EventBatch got = new EventBatch();
    assertThat(test.get(0).loader().load(got)).isEqualTo(SensorGeometry.DVS128);
    EventBatch want = written.get("airplane/cifar10_airplane_900.aedat");
    assertThat(got.size()).isEqualTo(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(new long[] {got.x(i), got.y(i), got.on(i) ? 1 : 0, got.timestampMicros(i)})
          .containsExactly(want.x(i), want.y(i), want.on(i) ? 1 : 0, want.timestampMicros(i));
    }
  }

  @Test
  void badSplitAndEmptyFoldersAreClearErrors(@TempDir Path root) throws IOException {
    assertThatThrownBy(() -> ReplaySources.open(root, "validation"))
        .hasMessageContaining("split")
        .hasMessageContaining("validation");
    assertThatThrownBy(() -> ReplaySources.open(root, "all"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no recordings");
    assertThatThrownBy(() -> ReplaySources.open(root, "test"))
        .hasMessageContaining("expected CIFAR10-DVS class folders");
    assertThatThrownBy(() -> ReplaySources.open(root.resolve("missing"), "all"))
        .hasMessageContaining("does not exist");
    Files.writeString(root.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> ReplaySources.open(root.resolve("notes.txt"), "all"))
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("unknown event file format");
  }

  /**
   * Expected numbers from an independent decoder: python3 with struct over the file (header =
   * leading '#' lines; then '>II' address/timestamp pairs; jAER mapping), run by hand on
   * 2026-11-26: 130114 events, 0 special, first (x 70, y 2, OFF, t 113476330), last t 119657829,
   * 74991 ON.
   */
  @Test
  void readsTheRealDvs128Recording() throws IOException {
    String shared = System.getProperty("spikestream.shared.dir");
    Path file =
        shared == null
            ? null
            : Paths.get(
                shared, "data", "aedat2", "colleenpamchen_jAER_DVS128-2017-03-21-short.aedat");
    Assumptions.assumeTrue(
        file != null && Files.exists(file),
        "shared recordings not found (system property spikestream.shared.dir): skipping");
    List<ReplaySample> one = ReplaySources.open(file, "all");
    assertThat(one).singleElement().satisfies(s -> assertThat(s.label()).isNull());
    EventBatch b = new EventBatch();
    one.get(0).loader().load(b);
    assertThat(b.size()).isEqualTo(130_114);
    assertThat(b.x(0)).isEqualTo(70);
    assertThat(b.y(0)).isEqualTo(2);
    assertThat(b.on(0)).isFalse();
    assertThat(b.timestampMicros(0)).isEqualTo(113_476_330L);
    assertThat(b.timestampMicros(b.size() - 1)).isEqualTo(119_657_829L);
    assertThat(b.countOn()).isEqualTo(74_991);
  }
}
