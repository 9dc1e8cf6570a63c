package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFolderTest {

  @TempDir Path dir;

  @Test
  void splitFoldersKeepTrainAndTestApart() throws IOException {
    TinyDatasets.splitFolders(dir, 3, 2, 1);
    DatasetFolder f = DatasetFolder.scan(dir, DatasetFolder.SplitRule.NINE_TO_ONE);
    assertThat(f.rule()).isEqualTo(DatasetFolder.SplitRule.FOLDERS);
    assertThat(f.classNames()).containsExactly("0", "1");
    assertThat(f.train()).hasSize(6).allMatch(s -> s.id().startsWith("Train/"));
    assertThat(f.test()).hasSize(4).allMatch(s -> s.id().startsWith("Test/"));
    assertThat(f.test())
        .filteredOn(s -> s.label() == 1)
        .allMatch(s -> s.id().startsWith("Test/1/"));
  }

  @Test
  void nineToOneSplitsEachClassByFileIndex() throws IOException {
    TinyDatasets.classFolders(dir, 20, 2);
    DatasetFolder f = DatasetFolder.scan(dir, DatasetFolder.SplitRule.NINE_TO_ONE);
    assertThat(f.classNames()).containsExactly("left", "right");
    assertThat(f.train()).hasSize(36);
    // numeric order, not name order: sample_18 and sample_19 are the test files, not sample_8/9
    assertThat(f.test())
        .extracting(SampleRef::id)
        .containsExactly(
            "left/sample_18.bin",
            "left/sample_19.bin",
            "right/sample_18.bin",
            "right/sample_19.bin");
    DatasetFolder g = DatasetFolder.scan(dir, DatasetFolder.SplitRule.FIRST_100_TEST);
    assertThat(g.train()).isEmpty();
    assertThat(g.test()).hasSize(40);
  }

  @Test
  void unlabelledAndEmptyFoldersAreClearErrors() throws IOException {
    Path loose = Files.createDirectories(dir.resolve("loose"));
    Files.write(loose.resolve("a.bin"), new byte[5]);
    assertThatThrownBy(() -> DatasetFolder.scan(loose, DatasetFolder.SplitRule.NINE_TO_ONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unlabelled dataset");
    Path empty = Files.createDirectories(dir.resolve("empty/cat"));
    assertThatThrownBy(
            () -> DatasetFolder.scan(empty.getParent(), DatasetFolder.SplitRule.NINE_TO_ONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty dataset");
    assertThatThrownBy(
            () -> DatasetFolder.scan(dir.resolve("nope"), DatasetFolder.SplitRule.NINE_TO_ONE))
        .hasMessageContaining("no such dataset folder");
    assertThatThrownBy(() -> DatasetFolder.SplitRule.parse("8:2")).hasMessageContaining("'8:2'");
  }

  @Test
  void frameDatasetEqualsSampleBinnerForEverySample() throws IOException {
    TinyDatasets.classFolders(dir, 6, 3);
    List<SampleRef> all = DatasetFolder.scan(dir, DatasetFolder.SplitRule.NINE_TO_ONE).train();
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
    List<SampleRef> s = DatasetFolder.scan(dir, DatasetFolder.SplitRule.FIRST_100_TEST).test();
    assertThatThrownBy(
            () -> FrameDataset.bin(s, BinningSpec.nBins(2, 34, 34, FrameValue.COUNT), 2, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.bin");
  }
}
