package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.dataset.LabelledSample;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binning a dataset's samples into frames, as the trainer keeps them. */
class FrameDatasetTest {

  @TempDir Path dir;

  @Test
  void frameDatasetEqualsSampleBinnerForEverySample() throws IOException {
    TinyDatasets.classFolders(dir, 6, 3);
    List<LabelledSample> all = Datasets.open(dir, SplitRule.NINE_TO_ONE).train().samples();
    for (FrameValue value : FrameValue.values()) {
      BinningSpec spec = BinningSpec.nBins(5, 17, 17, value);
      FrameDataset data = FrameDataset.bin(all, spec, 2, null);
      assertThat(data.size()).isEqualTo(all.size());
      for (int i = 0; i < all.size(); i++) {
        float[] expected;
        try (EventReader r = EventFiles.open(all.get(i).path())) {
          expected = SampleBinner.bin(spec, r);
        }
        assertThat(data.frames(i)).as("sample %s", data.id(i)).containsExactly(expected);
        assertThat(data.label(i)).isEqualTo(all.get(i).label());
        assertThat(data.id(i)).isEqualTo(all.get(i).id());
      }
      // small counts are stored as one byte per value
      assertThat(data.storedBytes()).isEqualTo((long) all.size() * 5 * spec.frameSize());
    }
  }

  @Test
  void framesWithLargeValuesAreKeptAsFloats() {
    BinningSpec spec = BinningSpec.nBins(1, 1, 1, FrameValue.COUNT);
    float[] big = {300f, 2f};
    float[] small = {3f, 0f};
    FrameDataset data =
        FrameDataset.of(spec, List.of("a", "b"), new int[] {0, 1}, List.of(big, small));
    assertThat(data.frames(0)).containsExactly(300f, 2f);
    assertThat(data.frames(1)).containsExactly(3f, 0f);
    assertThat(data.storedBytes()).isEqualTo(8 + 2);
    assertThatThrownBy(
            () -> FrameDataset.of(spec, List.of("a"), new int[] {0}, List.of(new float[3])))
        .hasMessageContaining("hold 3 floats, expected 2");
  }

  @Test
  void unreadableRecordingIsNamed() throws IOException {
    Path cls = Files.createDirectories(dir.resolve("c"));
    Files.write(cls.resolve("bad.bin"), new byte[] {1, 2});
    List<LabelledSample> s = Datasets.open(dir, SplitRule.NINE_TO_ONE).train().samples();
    assertThatThrownBy(
            () -> FrameDataset.bin(s, BinningSpec.nBins(2, 34, 34, FrameValue.COUNT), 2, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.bin");
  }
}
