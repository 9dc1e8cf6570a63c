package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.dataset.LabelledSample;
import io.spikestream.dvs.dataset.SplitRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameCacheTest {

  @TempDir Path dir;

  @Test
  void secondLoadReadsTheSameFramesFromTheCacheAndAnotherSpecMisses() throws IOException {
    TinyDatasets.classFolders(dir.resolve("data"), 4, 5);
    List<LabelledSample> samples =
        Datasets.open(dir.resolve("data"), SplitRule.NINE_TO_ONE).train().samples();
    BinningSpec spec = BinningSpec.nBins(3, 34, 34, FrameValue.COUNT);
    Path cache = dir.resolve("cache");
    FrameDataset first = FrameCache.binCached(cache, samples, spec, 2, null);
    Path file = FrameCache.file(cache, samples, spec);
    assertThat(file).exists();
    FrameDataset second = FrameCache.read(file, spec);
    assertThat(second.size()).isEqualTo(first.size());
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.id(i)).isEqualTo(first.id(i));
      assertThat(second.label(i)).isEqualTo(first.label(i));
      assertThat(second.frames(i)).containsExactly(first.frames(i));
    }
    BinningSpec other = BinningSpec.nBins(3, 34, 34, FrameValue.BINARY);
    assertThat(FrameCache.file(cache, samples, other)).isNotEqualTo(file);
    // a changed recording misses the cache
    Path p = samples.get(0).path();
    Files.write(p, Files.readAllBytes(p), java.nio.file.StandardOpenOption.APPEND);
    assertThat(FrameCache.file(cache, samples, spec)).isNotEqualTo(file);
  }
}
