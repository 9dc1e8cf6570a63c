package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulateCommandTest {

  @TempDir Path dir;

  /** 12 IDX images 28x28: a bright square whose position depends on the index; labels i % 10. */
  private Path[] writeIdx() throws IOException {
    Path images = dir.resolve("images.idx");
    Path labels = dir.resolve("labels.idx");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
      out.writeInt(0x803);
      out.writeInt(12);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < 12; i++) {
        for (int y = 0; y < 28; y++) {
          for (int x = 0; x < 28; x++) {
            boolean inside = x >= 6 + i % 5 && x < 16 + i % 5 && y >= 8 && y < 20;
            out.writeByte(inside ? 255 : 0);
          }
        }
      }
    }
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
      out.writeInt(0x801);
      out.writeInt(12);
      for (int i = 0; i < 12; i++) {
        out.writeByte(i % 10);
      }
    }
    return new Path[] {images, labels};
  }

  private static EventBatch readAll(Path file) throws IOException {
    EventBatch all = new EventBatch();
    EventBatch chunk = new EventBatch(4096);
    try (EventReader reader = EventFiles.open(file)) {
      while (reader.read(chunk) > 0) {
        all.addAll(chunk);
      }
    }
    return all;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void idxImagesBecomeAnNmnistLayoutWithManifestDeterministicForASeed() throws IOException {
    Path[] idx = writeIdx();
    Path out = dir.resolve("out");
    CliRun run =
        CliRun.of(
            "emulate",
            "--images",
            idx[0].toString(),
            "--labels",
            idx[1].toString(),
            "--profile",
            "nmnist",
            "--offset",
            "1",
            "--limit",
            "10",
            "--seed",
            "5",
            "--threads",
            "2",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 10 sample(s)");
    List<Path> files = files(out);
    // images 1..10, labels 1..9 then 0: file names carry the source index
    assertThat(files)
        .contains(
            Path.of("manifest.json"),
            Path.of("1", "00001.bin"),
            Path.of("9", "00009.bin"),
            Path.of("0", "00010.bin"))
        .hasSize(11);
    EventBatch events = readAll(out.resolve("3").resolve("00003.bin"));
    assertThat(events.size()).isGreaterThan(500);
    for (int i = 0; i < events.size(); i++) {
      assertThat(SensorGeometry.NMNIST.contains(events.x(i), events.y(i))).isTrue();
    }
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.get("seed").asLong()).isEqualTo(5);
    assertThat(manifest.get("samples").asInt()).isEqualTo(10);
    assertThat(manifest.get("emulator").get("onThreshold").asDouble()).isEqualTo(0.25);
    assertThat(manifest.get("source").asText()).contains("images.idx");

    // one thread, same seed: byte-identical files
    Path again = dir.resolve("again");
    assertThat(
            CliRun.of(
                    "emulate",
                    "--images",
                    idx[0].toString(),
                    "--labels",
                    idx[1].toString(),
                    "--profile",
                    "nmnist",
                    "--offset",
                    "1",
                    "--limit",
                    "10",
                    "--seed",
                    "5",
                    "--threads",
                    "1",
                    "--out",
                    again.toString())
                .exitCode())
        .isZero();
    for (Path f : files) {
      if (!f.toString().endsWith(".json")) {
        assertThat(Files.readAllBytes(again.resolve(f)))
            .as(f.toString())
            .isEqualTo(Files.readAllBytes(out.resolve(f)));
      }
    }
  }

  @Test
  void pngFoldersBecomeACifar10DvsLayoutMappedByClassIndex() throws IOException {
    Path png = dir.resolve("png");
    for (String cls : List.of("circles", "squares")) {
      Files.createDirectories(png.resolve(cls));
      for (int i = 0; i < 2; i++) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 8; y < 24; y++) {
          for (int x = 8 + i; x < 24; x++) {
            image.setRGB(x, y, 0xFFFFFF);
          }
        }
        ImageIO.write(image, "png", png.resolve(cls).resolve("im" + i + ".png").toFile());
      }
    }
    Path out = dir.resolve("cifar");
    CliRun run =
        CliRun.of(
            "emulate",
            "--png-dir",
            png.toString(),
            "--profile",
            "cifar10dvs",
            "--limit",
            "3",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(files(out))
        .containsExactly(
            Path.of("airplane", "cifar10_airplane_0.aedat"),
            Path.of("airplane", "cifar10_airplane_1.aedat"),
            Path.of("automobile", "cifar10_automobile_0.aedat"),
            Path.of("manifest.json"));
    // the dataset scanner sees the two classes written, so the manifest names them for train
    assertThat(
            TrainCommand.classNames(
                out,
                io.spikestream.trainer.Datasets.open(
                        out, io.spikestream.dvs.dataset.SplitRule.NINE_TO_ONE)
                    .classNames()))
        .containsExactly("circles", "squares");
    EventBatch events = readAll(out.resolve("automobile").resolve("cifar10_automobile_0.aedat"));
    assertThat(events.size()).isGreaterThan(1000);
    for (int i = 0; i < events.size(); i++) {
      assertThat(SensorGeometry.DVS128.contains(events.x(i), events.y(i))).isTrue();
    }
  }

  @Test
  void userErrorsAreOneLine() throws IOException {
    Path[] idx = writeIdx();
    CliRun bad =
        CliRun.of(
            "emulate",
            "--images",
            idx[0].toString(),
            "--labels",
            idx[1].toString(),
            "--profile",
            "ncars",
            "--out",
            dir.resolve("x").toString());
    assertThat(bad.exitCode()).isEqualTo(CliErrors.USER_ERROR);
    assertThat(bad.err().strip())
        .isEqualTo("error: --profile must be nmnist or cifar10dvs, got 'ncars'");

    Path full = Files.createDirectories(dir.resolve("full"));
    try (OutputStream o = Files.newOutputStream(full.resolve("keep.txt"))) {
      o.write(1);
    }
    CliRun notEmpty =
        CliRun.of(
            "emulate",
            "--images",
            idx[0].toString(),
            "--labels",
            idx[1].toString(),
            "--profile",
            "nmnist",
            "--out",
            full.toString());
    assertThat(notEmpty.exitCode()).isEqualTo(CliErrors.USER_ERROR);
    assertThat(notEmpty.err()).contains("is not empty (use --force").doesNotContain("at io.");

    CliRun missing =
        CliRun.of(
            "emulate",
            "--images",
            dir.resolve("nope").toString(),
            "--labels",
            idx[1].toString(),
            "--profile",
            "nmnist",
            "--out",
            dir.resolve("y").toString());
    assertThat(missing.exitCode()).isEqualTo(CliErrors.USER_ERROR);
    assertThat(missing.err()).contains("no such file");
  }
}
