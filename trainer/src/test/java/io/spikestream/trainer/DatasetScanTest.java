package io.spikestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.dataset.Dataset;
import io.spikestream.dvs.dataset.Datasets;
import io.spikestream.dvs.dataset.LabelledSample;
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
 * The trainer's {@link DatasetFolder} and {@code dvs.dataset} scan the same folders: same samples,
 * order, labels, class names and TRAIN/TEST split, for every layout the two share (written before
 * the trainer is switched to {@code dvs.dataset}). Where they disagree, the test pins down exactly
 * how: (1) N-MNIST Train/Test where a digit has only test recordings: the old scan dropped them;
 * (2) {@code first-100-test} on a class that is not the full 0..999: old = the first 100 by
 * position, new = index below {@code floor(n / 10)} (ARCHITECTURE "Dataset splits"); (3) 9:1 on a
 * class whose size is not a multiple of 10: old test = {@code ceil(n / 10)}, new {@code floor(n /
 * 10)}.
 */
class DatasetScanComparisonTest {

  @TempDir Path tmp;

  private static final DatasetFolder.SplitRule[] RULES = {
    DatasetFolder.SplitRule.NINE_TO_ONE, DatasetFolder.SplitRule.FIRST_100_TEST
  };

  /** One sample as both scanners can describe it: id, label, path. */
  private static List<String> rows(List<SampleRef> refs) {
    return refs.stream().map(s -> s.id() + " " + s.label() + " " + s.path()).toList();
  }

  private static List<String> rows(Dataset d) {
    List<String> out = new ArrayList<>();
    for (LabelledSample s : d) {
      out.add(s.id() + " " + s.label() + " " + s.path());
    }
    return out;
  }

  private static Dataset openOrEmpty(
      Path root, io.spikestream.dvs.dataset.Split split, io.spikestream.dvs.dataset.SplitRule rule)
      throws IOException {
    try {
      return Datasets.open(root, split, rule);
    } catch (IOException e) {
      if (e.getMessage().contains("holds no sample")) {
        return new Dataset("empty", root, List.of(), split, rule, List.of());
      }
      throw e;
    }
  }

  private static List<String> newScan(
      Path root, io.spikestream.dvs.dataset.Split split, DatasetFolder.SplitRule rule)
      throws IOException {
    // official Train/Test folders win over any rule
    String label = rule == DatasetFolder.SplitRule.FOLDERS ? "9:1" : rule.label();
    return rows(openOrEmpty(root, split, io.spikestream.dvs.dataset.SplitRule.parse(label)));
  }

  /** Scans {@code root} both ways with {@code rule} and asserts they agree. */
  private static void assertSameScan(Path root, DatasetFolder.SplitRule rule) throws IOException {
    DatasetFolder old = DatasetFolder.scan(root, rule);
    io.spikestream.dvs.dataset.SplitRule newRule =
        io.spikestream.dvs.dataset.SplitRule.parse(rule.label());
    Dataset train = openOrEmpty(root, io.spikestream.dvs.dataset.Split.TRAIN, newRule);
    Dataset test = openOrEmpty(root, io.spikestream.dvs.dataset.Split.TEST, newRule);
    assertThat(rows(train)).as("%s TRAIN (%s)", root, rule).isEqualTo(rows(old.train()));
    assertThat(rows(test)).as("%s TEST (%s)", root, rule).isEqualTo(rows(old.test()));
    Dataset any = train.size() > 0 ? train : test;
    assertThat(any.classNames()).as("%s class names", root).isEqualTo(old.classNames());
    String newLabel = any.rule() == null ? "folders" : any.rule().label();
    assertThat(newLabel).as("%s split label", root).isEqualTo(old.rule().label());
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
    try (Stream<Path> files = Files.list(bs2)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String digit = name.replaceAll(".*_digit(\\d)\\.bs2$", "$1");
        String part = name.startsWith("slayer_train_") ? "Train" : "Test";
        link(f, root.resolve(part).resolve(digit).resolve(name));
      }
    }
    link(
        sharedData().resolve("nmnist/tonic_sample_nmnist.bin"),
        root.resolve("Train/0/tonic_sample_nmnist.bin"));
    // the slayer train files hold digits 0..4 only; their test files all ten
    DatasetFolder old = DatasetFolder.scan(root, DatasetFolder.SplitRule.NINE_TO_ONE);
    assertThat(old.rule()).isEqualTo(DatasetFolder.SplitRule.FOLDERS);
    assertThat(newScan(root, io.spikestream.dvs.dataset.Split.TRAIN, old.rule()))
        .isEqualTo(rows(old.train()))
        .hasSize(6);
    List<String> test = newScan(root, io.spikestream.dvs.dataset.Split.TEST, old.rule());
    assertThat(old.test()).hasSize(5);
    assertThat(test).hasSize(10).startsWith(rows(old.test()).toArray(String[]::new));
    assertThat(test.subList(5, 10))
        .allMatch(r -> r.matches("Test/([5-9])/\\S+_digit\\1\\.bs2 \\1 .*"));
    assertThat(Datasets.open(root, io.spikestream.dvs.dataset.Split.TRAIN).classNames())
        .hasSize(10)
        .startsWith(old.classNames().toArray(String[]::new));
  }

  @Test
  void realDvs128RecordingsInCifar10DvsClassFolders() throws IOException {
    Path aedat = sharedData().resolve("aedat2");
    Path[] real = {
      aedat.resolve("colleenpamchen_jAER_DVS128-2017-03-21-short.aedat"),
      aedat.resolve("colleenpamchen_jAER_DVS128-2017-03-21T16-00-20-0700-0.aedat")
    };
    Path root = tmp.resolve("cifar");
    List<String> classes = io.spikestream.dvs.dataset.Cifar10DvsLayout.CLASSES;
    for (int c = 0; c < classes.size(); c++) {
      for (int i = 0; i < 1000; i += c == 3 ? 1 : 37) {
        String name = classes.get(c);
        link(real[i % 2], root.resolve(name).resolve("cifar10_" + name + "_" + i + ".aedat"));
      }
    }
    assertSameScan(root, DatasetFolder.SplitRule.NINE_TO_ONE);
    // first-100-test: the old scan took the first 100 files of a class, all 28 of a sparse one;
    // now DESIGN's index rule, i < 100, for the sparse classes as for the full one (cat)
    DatasetFolder old = DatasetFolder.scan(root, DatasetFolder.SplitRule.FIRST_100_TEST);
    List<String> test =
        newScan(
            root, io.spikestream.dvs.dataset.Split.TEST, DatasetFolder.SplitRule.FIRST_100_TEST);
    assertThat(old.test()).hasSize(9 * 28 + 100);
    assertThat(test).hasSize(9 * 3 + 100);
    assertThat(test)
        .allMatch(r -> Integer.parseInt(r.replaceAll("^[^ ]*_(\\d+)\\.aedat .*", "$1")) < 100);
    assertThat(rows(old.test())).containsAll(test);
  }

  @Test
  void generatedNmnistTrainTestFolders() throws IOException {
    Path root = TinyDatasets.splitFolders(tmp.resolve("split"), 13, 4, 2);
    assertThat(DatasetFolder.scan(root, RULES[0]).classNames()).containsExactly("0", "1");
    for (DatasetFolder.SplitRule rule : RULES) {
      assertSameScan(root, rule);
    }
  }

  @Test
  void generatedOtherClassFolders() throws IOException {
    Path root = TinyDatasets.classFolders(tmp.resolve("left-right"), 20, 3);
    for (DatasetFolder.SplitRule rule : RULES) {
      if (rule == DatasetFolder.SplitRule.NINE_TO_ONE) {
        assertSameScan(root, rule);
      }
    }
  }

  @Test
  void generatedFullCifar10DvsClasses() throws IOException {
    Path root = tmp.resolve("full");
    for (String name : io.spikestream.dvs.dataset.Cifar10DvsLayout.CLASSES) {
      Path dir = Files.createDirectories(root.resolve(name));
      for (int i = 0; i < 1000; i++) {
        Files.write(dir.resolve("cifar10_" + name + "_" + i + ".aedat"), new byte[0]);
      }
    }
    for (DatasetFolder.SplitRule rule : RULES) {
      assertSameScan(root, rule);
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
    for (Path root :
        List.of(
            emulated("e-nmnist-100", MotionProfile.NMNIST, 100, 10),
            emulated("e-cifar-3-classes", MotionProfile.CIFAR10DVS, 30, 3))) {
      assertSameScan(root, DatasetFolder.SplitRule.NINE_TO_ONE);
      // 10 per class: the old first-100-test made every sample a test one, now 1 per class
      DatasetFolder old = DatasetFolder.scan(root, DatasetFolder.SplitRule.FIRST_100_TEST);
      assertThat(old.train()).isEmpty();
      List<String> test =
          newScan(
              root, io.spikestream.dvs.dataset.Split.TEST, DatasetFolder.SplitRule.FIRST_100_TEST);
      assertThat(test).hasSize(old.classNames().size());
      assertThat(rows(old.test())).containsAll(test);
    }
    // 6 per class: 9:1 gave each class one test sample (ceil(6 / 10)), now none (floor)
    Path six = emulated("e-nmnist-60", MotionProfile.NMNIST, 60, 10);
    DatasetFolder old = DatasetFolder.scan(six, DatasetFolder.SplitRule.NINE_TO_ONE);
    assertThat(old.test()).hasSize(10);
    assertThat(newScan(six, io.spikestream.dvs.dataset.Split.TEST, old.rule())).isEmpty();
    assertThat(newScan(six, io.spikestream.dvs.dataset.Split.TRAIN, old.rule()))
        .hasSize(60)
        .containsAll(rows(old.train()));
  }
}
