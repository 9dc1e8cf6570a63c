package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.dvs.dataset.Cifar10DvsLayout;
import io.spikestream.dvs.dataset.Dataset;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.dvs.emulator.DvsEmulator;
import io.spikestream.dvs.emulator.EmulatedDataset;
import io.spikestream.dvs.emulator.EmulatorConfig;
import io.spikestream.dvs.emulator.MotionProfile;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.LabeledImage;
import io.spikestream.dvs.images.SyntheticScenes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the comparison of the trainer's former {@code DatasetFolder} with {@code dvs.dataset} held
 * (session 3, before the trainer was switched), kept as a test of the one scanner through the
 * trainer's {@link Datasets#open}: for real and generated folders of every layout, the samples,
 * their order, labels, class names and TRAIN/TEST split are the ones the layout defines, derived
 * here from how each folder was built. The comparison agreed everywhere except (1) N-MNIST
 * Train/Test where a digit has only test recordings (the old scan dropped them), (2) {@code
 * first-100-test} on a class that is not the full 0..999 (old: the first 100 by position; now index
 * below {@code floor(n / 10)}), (3) 9:1 on a class whose size is not a multiple of 10 (old test
 * part {@code ceil(n / 10)}, now {@code floor(n / 10)}); those cases are pinned down below.
 */
class DatasetScanTest {

  @TempDir Path tmp;

  private static List<String> ids(Dataset d) {
    return d.samples().stream().map(s -> s.id() + " " + s.label()).toList();
  }

  private static Path sharedData() {
    String dir = System.getProperty("spikestream.shared.dir");
    Path data = dir == null ? null : Path.of(dir, "data");
    Assumptions.assumeTrue(
        data != null && Files.isDirectory(data),
        "spikestream.shared.dir/data is not set or missing: the real recordings are not here");
    return data;
  }

  private static void link(Path target, Path link) throws IOException {
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target.toAbsolutePath());
  }

  @Test
  void realNmnistRecordingsInTrainTestFolders() throws IOException {
    Path bs2 = sharedData().resolve("nmnist_bs2");
    Path root = tmp.resolve("nmnist");
    List<String> train = new ArrayList<>();
    List<String> test = new ArrayList<>();
    try (Stream<Path> files = Files.list(bs2)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String digit = name.replaceAll(".*_digit(\\d)\\.bs2$", "$1");
        String part = name.startsWith("slayer_train_") ? "Train" : "Test";
        link(f, root.resolve(part).resolve(digit).resolve(name));
        (part.equals("Train") ? train : test).add(part + "/" + digit + "/" + name + " " + digit);
      }
    }
    link(
        sharedData().resolve("nmnist/tonic_sample_nmnist.bin"),
        root.resolve("Train/0/tonic_sample_nmnist.bin"));
    train.add("Train/0/tonic_sample_nmnist.bin 0");
    // class, then file name
    train.sort(java.util.Comparator.comparing((String r) -> r.split("/")[1]).thenComparing(r -> r));
    test.sort(java.util.Comparator.comparing((String r) -> r.split("/")[1]).thenComparing(r -> r));
    for (SplitRule rule : SplitRule.values()) {
      Datasets.Splits splits = Datasets.open(root, rule);
      assertThat(splits.splitLabel()).isEqualTo(Datasets.FOLDERS);
      assertThat(ids(splits.train())).isEqualTo(train).hasSize(6);
      // the slayer train files hold digits 0..4 only: the test files of 5..9 count (case 1)
      assertThat(ids(splits.test())).isEqualTo(test).hasSize(10);
      assertThat(splits.classNames())
          .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      assertThat(splits.geometry().width()).isEqualTo(34);
    }
    assertThat(Datasets.open(root, null).splitLabel()).isEqualTo(Datasets.FOLDERS);
  }

  @Test
  void realDvs128RecordingsInCifar10DvsClassFolders() throws IOException {
    Path aedat = sharedData().resolve("aedat2");
    Path[] real = {
      aedat.resolve("colleenpamchen_jAER_DVS128-2017-03-21-short.aedat"),
      aedat.resolve("colleenpamchen_jAER_DVS128-2017-03-21T16-00-20-0700-0.aedat")
    };
    Path root = tmp.resolve("cifar");
    List<String> classes = Cifar10DvsLayout.CLASSES;
    List<String> nineToOneTest = new ArrayList<>();
    List<String> first100Test = new ArrayList<>();
    int all = 0;
    for (int c = 0; c < classes.size(); c++) {
      // cat complete (0..999), the other classes sparse (every 37th index, up to 999)
      for (int i = 0; i < 1000; i += c == 3 ? 1 : 37) {
        String name = classes.get(c);
        String file = "cifar10_" + name + "_" + i + ".aedat";
        link(real[i % 2], root.resolve(name).resolve(file));
        all++;
        String row = name + "/" + file + " " + c;
        if (i >= 900) {
          nineToOneTest.add(row);
        }
        if (i < 100) {
          first100Test.add(row);
        }
      }
    }
    Datasets.Splits nine = Datasets.open(root, SplitRule.NINE_TO_ONE);
    assertThat(nine.splitLabel()).isEqualTo("9:1");
    assertThat(nine.classNames()).isEqualTo(classes);
    assertThat(ids(nine.test())).isEqualTo(nineToOneTest);
    assertThat(nine.train().size()).isEqualTo(all - nineToOneTest.size());
    assertThat(nine.train().samples().get(0).id()).isEqualTo("airplane/cifar10_airplane_0.aedat");
    assertThat(nine.geometry().width()).isEqualTo(128);
    // DESIGN's i < 100 also for the sparse classes, 3 each (case 2: the old scan took all 28)
    Datasets.Splits first = Datasets.open(root, SplitRule.FIRST_100_TEST);
    assertThat(first.splitLabel()).isEqualTo("first-100-test");
    assertThat(ids(first.test())).isEqualTo(first100Test).hasSize(9 * 3 + 100);
    assertThatThrownBy(() -> Datasets.open(root, null))
        .hasMessageContaining("split 'folders' needs Train/ and Test/ folders");
  }

  @Test
  void generatedNmnistTrainTestFolders() throws IOException {
    Path root = TinyDatasets.splitFolders(tmp.resolve("split"), 13, 4, 2);
    Datasets.Splits splits = Datasets.open(root, SplitRule.FIRST_100_TEST);
    assertThat(splits.classNames()).containsExactly("0", "1");
    assertThat(splits.splitLabel()).isEqualTo(Datasets.FOLDERS);
    // name order within a class: sample_10 before sample_2
    assertThat(ids(splits.train()).subList(0, 3))
        .containsExactly(
            "Train/0/sample_0.bin 0", "Train/0/sample_1.bin 0", "Train/0/sample_10.bin 0");
    assertThat(ids(splits.test()))
        .containsExactly(
            "Test/0/sample_0.bin 0",
            "Test/0/sample_1.bin 0",
            "Test/0/sample_2.bin 0",
            "Test/0/sample_3.bin 0",
            "Test/1/sample_0.bin 1",
            "Test/1/sample_1.bin 1",
            "Test/1/sample_2.bin 1",
            "Test/1/sample_3.bin 1");
  }

  @Test
  void generatedOtherClassFolders() throws IOException {
    Path root = TinyDatasets.classFolders(tmp.resolve("left-right"), 20, 3);
    Datasets.Splits splits = Datasets.open(root, SplitRule.NINE_TO_ONE);
    assertThat(splits.classNames()).containsExactly("left", "right");
    // numeric order, not name order: sample_18 and sample_19 are the test files, not sample_8/9
    assertThat(ids(splits.test()))
        .containsExactly(
            "left/sample_18.bin 0",
            "left/sample_19.bin 0",
            "right/sample_18.bin 1",
            "right/sample_19.bin 1");
    assertThat(ids(splits.train()))
        .hasSize(36)
        .startsWith("left/sample_0.bin 0", "left/sample_1.bin 0", "left/sample_2.bin 0");
    assertThat(ids(Datasets.open(root, SplitRule.FIRST_100_TEST).test()))
        .containsExactly(
            "left/sample_0.bin 0",
            "left/sample_1.bin 0",
            "right/sample_0.bin 1",
            "right/sample_1.bin 1");
  }

  @Test
  void generatedFullCifar10DvsClasses() throws IOException {
    Path root = tmp.resolve("full");
    for (String name : Cifar10DvsLayout.CLASSES) {
      Path dir = Files.createDirectories(root.resolve(name));
      for (int i = 0; i < 1000; i++) {
        Files.write(dir.resolve("cifar10_" + name + "_" + i + ".aedat"), new byte[0]);
      }
    }
    for (SplitRule rule : SplitRule.values()) {
      Datasets.Splits splits = Datasets.open(root, rule);
      assertThat(splits.train().size()).isEqualTo(9000);
      assertThat(splits.test().size()).isEqualTo(1000);
      for (int c = 0; c < 10; c++) {
        String name = Cifar10DvsLayout.CLASSES.get(c);
        int firstTest = rule == SplitRule.NINE_TO_ONE ? 900 : 0;
        assertThat(splits.test().samples().get(c * 100).id())
            .isEqualTo(name + "/cifar10_" + name + "_" + firstTest + ".aedat");
        assertThat(splits.test().samples().get(c * 100 + 99).label()).isEqualTo(c);
      }
    }
  }

  /** {@code count} synthetic scenes with {@code classes} classes, emulated as {@code profile}. */
  private Path emulated(String name, MotionProfile profile, int count, int classes)
      throws IOException {
    SyntheticScenes scenes = new SyntheticScenes(count, 5);
    ImageSource source =
        new ImageSource() {
          @Override
          public int size() {
            return count;
          }

          @Override
          public List<String> classNames() {
            return SyntheticScenes.CLASSES.subList(0, classes);
          }

          @Override
          public LabeledImage get(int index) {
            LabeledImage image = scenes.get(index);
            return new LabeledImage(index, index % classes, image.image());
          }

          @Override
          public String describe() {
            return "synthetic scenes, " + classes + " classes";
          }
        };
    Path root = tmp.resolve(name);
    EmulatedDataset.write(
        source,
        new DvsEmulator(EmulatorConfig.defaults(profile), 7),
        0,
        count,
        root,
        2,
        (done, total, events) -> {});
    return root;
  }

  @Test
  void emulatedNmnistAndCifar10DvsSets() throws IOException {
    // 10 per class: label = scene index % classes, files named by scene index (n-mnist) or by
    // the running number within the class (cifar10-dvs)
    Path nmnist = emulated("e-nmnist-100", MotionProfile.NMNIST, 100, 10);
    Datasets.Splits n = Datasets.open(nmnist, SplitRule.NINE_TO_ONE);
    List<String> expectedTest = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      expectedTest.add(String.format("%d/%05d.bin %d", c, 90 + c, c));
    }
    assertThat(ids(n.test())).isEqualTo(expectedTest);
    assertThat(n.train().size()).isEqualTo(90);
    assertThat(n.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(ids(Datasets.open(nmnist, SplitRule.FIRST_100_TEST).test()).get(3))
        .isEqualTo("3/00003.bin 3");

    Path cifar = emulated("e-cifar-3-classes", MotionProfile.CIFAR10DVS, 30, 3);
    Datasets.Splits c3 = Datasets.open(cifar, SplitRule.NINE_TO_ONE);
    assertThat(c3.classNames()).containsExactly("airplane", "automobile", "bird");
    assertThat(ids(c3.test()))
        .containsExactly(
            "airplane/cifar10_airplane_9.aedat 0",
            "automobile/cifar10_automobile_9.aedat 1",
            "bird/cifar10_bird_9.aedat 2");
    // first-100-test keeps the proportion: 1 of 10 per class (case 2: the old scan took all 10)
    assertThat(ids(Datasets.open(cifar, SplitRule.FIRST_100_TEST).test()))
        .containsExactly(
            "airplane/cifar10_airplane_0.aedat 0",
            "automobile/cifar10_automobile_0.aedat 1",
            "bird/cifar10_bird_0.aedat 2");

    // 6 per class: no test sample under 9:1 (case 3: the old scan gave each class one)
    Path six = emulated("e-nmnist-60", MotionProfile.NMNIST, 60, 10);
    Datasets.Splits s6 = Datasets.open(six, SplitRule.NINE_TO_ONE);
    assertThat(s6.test().samples()).isEmpty();
    assertThat(s6.train().size()).isEqualTo(60);
  }

  @Test
  void missingUnlabelledAndEmptyFoldersAreClearErrors() throws IOException {
    assertThatThrownBy(() -> Datasets.open(tmp.resolve("nope"), SplitRule.NINE_TO_ONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope: no such file or folder");
    Path loose = Files.createDirectories(tmp.resolve("loose"));
    Files.write(loose.resolve("a.bin"), new byte[5]);
    assertThatThrownBy(() -> Datasets.open(loose, SplitRule.NINE_TO_ONE))
        .hasMessageContaining("unlabelled dataset, recordings lie directly in the folder");
    assertThatThrownBy(() -> Datasets.open(loose.resolve("a.bin"), SplitRule.NINE_TO_ONE))
        .hasMessageContaining("unlabelled dataset, a single recording");
    Path empty = Files.createDirectories(tmp.resolve("empty/cat"));
    assertThatThrownBy(() -> Datasets.open(empty.getParent(), SplitRule.NINE_TO_ONE))
        .hasMessageContaining("empty dataset");
    assertThatThrownBy(() -> Datasets.parseRule("8:2"))
        .hasMessage("split must be one of 9:1, first-100-test, folders, got '8:2'");
    assertThat(Datasets.parseRule("folders")).isNull();
    assertThat(Datasets.parseRule("first-100-test")).isEqualTo(SplitRule.FIRST_100_TEST);
  }
}
