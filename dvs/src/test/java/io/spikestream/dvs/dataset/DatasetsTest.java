package io.spikestream.dvs.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.io.EventFileFormat;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.dvs.io.EventWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path root;

  private void cifar(String cls, int... indices) throws IOException {
    Path dir = Files.createDirectories(root.resolve(cls));
    for (int i : indices) {
      EventBatch b = new EventBatch(1);
      b.add(i % 128, 3, true, i);
      try (EventWriter w =
          EventFiles.create(
              dir.resolve("cifar10_" + cls + "_" + i + ".aedat"), EventFileFormat.AEDAT2)) {
        w.write(b);
      }
    }
  }

  private static int[] range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).toArray();
  }

  @Test
  void fullCifarClassSplitsByIndexAt900() throws IOException {
    cifar("cat", range(0, 1000));
    Dataset train = Datasets.open(root, Split.TRAIN);
    Dataset test = Datasets.open(root, Split.TEST);
    assertThat(train.layout()).isEqualTo(Cifar10DvsLayout.NAME);
    assertThat(train.size()).isEqualTo(900);
    assertThat(test.size()).isEqualTo(100);
    assertThat(test.samples().get(0).id()).isEqualTo("cat/cifar10_cat_900.aedat");
    assertThat(train.samples().get(899).id()).isEqualTo("cat/cifar10_cat_899.aedat");
    assertThat(test.samples()).allMatch(s -> s.label() == 3 && s.labelName().equals("cat"));
    assertThat(test.describeSplit()).isEqualTo("cifar10-dvs test (9:1)");
    Dataset first = Datasets.open(root, Split.TEST, SplitRule.FIRST_100_TEST);
    assertThat(first.samples().get(99).id()).isEqualTo("cat/cifar10_cat_99.aedat");
    assertThat(first.size()).isEqualTo(100);
  }

  @Test
  void smallEmulatedSetsKeepTheProportionInClassThenIndexOrder() throws IOException {
    cifar("truck", range(0, 20));
    cifar("airplane", range(0, 30));
    Dataset test = Datasets.open(root, Split.TEST);
    // airplane: n = 30, k = 3 -> 27..29; truck: n = 20, k = 2 -> 18, 19
    assertThat(test.samples().stream().map(LabelledSample::id).toList())
        .containsExactly(
            "airplane/cifar10_airplane_27.aedat",
            "airplane/cifar10_airplane_28.aedat",
            "airplane/cifar10_airplane_29.aedat",
            "truck/cifar10_truck_18.aedat",
            "truck/cifar10_truck_19.aedat");
    assertThat(test.samples().get(3).label()).isEqualTo(9);
    assertThat(Datasets.open(root, Split.TRAIN).size()).isEqualTo(45);
    assertThat(Datasets.open(root, Split.ALL).size()).isEqualTo(50);
    assertThat(Datasets.open(root, Split.TRAIN).classNames()).isEqualTo(Cifar10DvsLayout.CLASSES);
  }

  @Test
  void samplesOpenTheirReader() throws IOException {
    cifar("dog", 0, 1);
    LabelledSample s = Datasets.open(root, Split.ALL).samples().get(1);
    try (EventReader r = s.open()) {
      EventBatch b = new EventBatch();
      assertThat(r.read(b)).isEqualTo(1);
      assertThat(b.timestampMicros(0)).isEqualTo(1);
    }
  }

  @Test
  void nmnistWithOfficialFoldersUsesThem() throws IOException {
    for (String part : List.of("Train", "Test")) {
      for (String digit : List.of("3", "7")) {
        Path dir = Files.createDirectories(root.resolve(part).resolve(digit));
        Files.write(dir.resolve("00002.bin"), new byte[5]);
        Files.write(dir.resolve("00001.bin"), new byte[5]);
      }
    }
    Dataset train = Datasets.open(root, Split.TRAIN);
    assertThat(train.layout()).isEqualTo(NmnistLayout.NAME);
    assertThat(train.rule()).isNull();
    assertThat(train.samples().stream().map(LabelledSample::id).toList())
        .containsExactly(
            "Train/3/00001.bin", "Train/3/00002.bin", "Train/7/00001.bin", "Train/7/00002.bin");
    assertThat(Datasets.open(root, Split.ALL).size()).isEqualTo(8);
    assertThat(Datasets.open(root, Split.TEST).samples().get(3).label()).isEqualTo(7);
  }

  @Test
  void nmnistWithoutOfficialFoldersIsCutByPosition() throws IOException {
    Path dir = Files.createDirectories(root.resolve("5"));
    for (int i = 0; i < 10; i++) {
      Files.write(dir.resolve(String.format("s%02d.bs2", i)), new byte[5]);
    }
    Dataset test = Datasets.open(root, Split.TEST);
    assertThat(test.samples()).hasSize(1);
    assertThat(test.samples().get(0).id()).isEqualTo("5/s09.bs2");
    assertThat(test.samples().get(0).format()).isEqualTo(EventFileFormat.NMNIST_BS2);
  }

  @Test
  void aSingleFileIsOneUnlabelledSample() throws IOException {
    Path f = Files.write(root.resolve("one.bin"), new byte[10]);
    Dataset d = Datasets.open(f, Split.ALL);
    assertThat(d.samples()).singleElement().satisfies(s -> assertThat(s.isLabelled()).isFalse());
    assertThat(d.samples().get(0).format()).isEqualTo(EventFileFormat.NMNIST_BIN);
  }

  @Test
  void emptyOrUnlabelledFoldersAndEmptySplitsAreClearErrors() throws IOException {
    assertThatThrownBy(() -> Datasets.open(root, Split.ALL))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty dataset, no labelled recordings found");
    assertThatThrownBy(() -> Datasets.open(root.resolve("nope"), Split.ALL))
        .hasMessageContaining("nope: no such file or folder");
    Files.write(root.resolve("loose.bin"), new byte[5]);
    assertThatThrownBy(() -> Datasets.open(root, Split.ALL))
        .hasMessageContaining("unlabelled dataset, recordings lie directly in the folder");
    Files.createDirectories(root.resolve("empty-class"));
    assertThatThrownBy(() -> Datasets.open(root, Split.TRAIN))
        .hasMessageContaining("unlabelled dataset");
    cifar("bird", 0, 1, 2);
    assertThatThrownBy(() -> Datasets.open(root, Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test split of this cifar10-dvs dataset holds no sample (rule 9:1)");
    Dataset none = Datasets.scan(root, Split.TEST, SplitRule.NINE_TO_ONE);
    assertThat(none.samples()).isEmpty();
    assertThat(none.classNames()).containsExactly("airplane", "automobile", "bird");
  }

  @Test
  void otherClassFoldersAreClassesInNameOrderCutByTrailingNumber() throws IOException {
    for (String cls : List.of("right", "left", ".hidden")) {
      Path dir = Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < 12; i++) {
        Files.write(dir.resolve("sample_" + i + ".bin"), new byte[5]);
      }
      Files.writeString(dir.resolve("notes.txt"), "not a recording");
    }
    Dataset test = Datasets.open(root, Split.TEST);
    assertThat(test.layout()).isEqualTo(ClassFoldersLayout.NAME);
    assertThat(test.classNames()).containsExactly("left", "right");
    // numeric order, not name order: sample_11 is the test file, not sample_9; k = 12 / 10 = 1
    assertThat(test.samples().stream().map(s -> s.id() + " " + s.label()).toList())
        .containsExactly("left/sample_11.bin 0", "right/sample_11.bin 1");
    Dataset train = Datasets.open(root, Split.TRAIN, SplitRule.FIRST_100_TEST);
    assertThat(train.samples()).hasSize(22);
    assertThat(train.samples().get(0).id()).isEqualTo("left/sample_1.bin");
    assertThat(train.samples().get(1).id()).isEqualTo("left/sample_2.bin");
    assertThat(train.samples().get(0).format()).isEqualTo(EventFileFormat.NMNIST_BIN);
    assertThat(train.describeSplit()).isEqualTo("class-folders train (first-100-test)");
  }

  @Test
  void otherClassFoldersUnderTrainAndTestKeepTheirSplit() throws IOException {
    for (String part : List.of("train/cat", "train/dog", "TEST/dog", "TEST/emu")) {
      Path dir = Files.createDirectories(root.resolve(part));
      Files.write(dir.resolve("s10.bin"), new byte[5]);
      Files.write(dir.resolve("s9.bin"), new byte[5]);
    }
    Dataset train = Datasets.open(root, Split.TRAIN);
    assertThat(train.layout()).isEqualTo(ClassFoldersLayout.NAME);
    assertThat(train.rule()).isNull();
    assertThat(train.classNames()).containsExactly("cat", "dog", "emu");
    assertThat(train.samples().stream().map(s -> s.id() + " " + s.label()).toList())
        .containsExactly(
            "train/cat/s10.bin 0",
            "train/cat/s9.bin 0",
            "train/dog/s10.bin 1",
            "train/dog/s9.bin 1");
    assertThat(Datasets.open(root, Split.TEST).samples().get(3).id()).isEqualTo("TEST/emu/s9.bin");
    assertThat(Datasets.open(root, Split.ALL).size()).isEqualTo(8);
  }

  @Test
  void classNamesRunToTheLargestClassPresent() throws IOException {
    cifar("automobile", 0);
    assertThat(Datasets.open(root, Split.ALL).classNames())
        .containsExactly("airplane", "automobile");
    Path nmnist = Files.createDirectories(root.resolve("n"));
    for (String part : List.of("Train/0", "Test/2")) {
      Path dir = Files.createDirectories(nmnist.resolve(part));
      Files.write(dir.resolve("00001.bin"), new byte[5]);
    }
    // digit 2 appears only in Test, yet TRAIN has the same class names
    assertThat(Datasets.open(nmnist, Split.TRAIN).classNames()).containsExactly("0", "1", "2");
    assertThat(Datasets.open(nmnist, Split.TEST).samples().get(0).label()).isEqualTo(2);
  }

  @Test
  void splitRuleValidatesAndParses() {
    assertThat(SplitRule.parse("9:1")).isEqualTo(SplitRule.NINE_TO_ONE);
    assertThat(SplitRule.parse("first-100-test")).isEqualTo(SplitRule.FIRST_100_TEST);
    assertThatThrownBy(() -> SplitRule.parse("8:2")).hasMessageContaining("got '8:2'");
    assertThatThrownBy(() -> SplitRule.NINE_TO_ONE.isTest(1000, 1000))
        .hasMessageContaining("index must be in 0..999, got 1000");
  }
}
