package io.spikestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spikestream.dvs.emulator.DvsEmulator;
import io.spikestream.dvs.emulator.EmulatedDataset;
import io.spikestream.dvs.emulator.EmulatorConfig;
import io.spikestream.dvs.emulator.MotionProfile;
import io.spikestream.dvs.images.Cifar10Batches;
import io.spikestream.dvs.images.ClassNames;
import io.spikestream.dvs.images.IdxImages;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.PngFolderImages;
import io.spikestream.dvs.images.SyntheticScenes;
import io.spikestream.dvs.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream emulate}: turns still images (IDX, CIFAR-10 batches, PNG folders) into an
 * event dataset in the N-MNIST or CIFAR10-DVS layout with the DVS emulator, plus {@code
 * manifest.json} (parameters, seed, source, counts).
 */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Emulates a DVS watching images move on a screen and writes the events as a dataset in",
      "the N-MNIST (class folders 0..9, .bin) or CIFAR10-DVS (class folders airplane..truck,",
      "cifar10_<class>_<i>.aedat) layout, with a manifest.json. No Train/Test folders: the 9:1",
      "split rule of the dataset readers applies per class."
    })
final class EmulateCommand implements Callable<Integer> {

  /** Name of the manifest written into the output folder. */
  static final String MANIFEST = "manifest.json";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Source {
    @ArgGroup(exclusive = false)
    Idx idx;

    @Option(
        names = "--cifar-batch",
        paramLabel = "FILE",
        description = "A CIFAR-10 binary batch (repeat for several, read in order).")
    List<Path> cifarBatches;

    @Option(
        names = "--png-dir",
        paramLabel = "DIR",
        description = "A folder of class folders holding .png images.")
    Path pngDir;

    @Option(
        names = "--synthetic",
        paramLabel = "N",
        description =
            "N generated scenes (ten classes of simple shapes, no files needed); --seed picks them.")
    Integer synthetic;
  }

  static final class Idx {
    @Option(
        names = "--images",
        required = true,
        paramLabel = "IDX",
        description = "IDX images file (raw or .gz).")
    Path images;

    @Option(
        names = "--labels",
        required = true,
        paramLabel = "IDX",
        description = "IDX labels file (raw or .gz).")
    Path labels;

    @Option(
        names = "--idx-classes",
        paramLabel = "mnist|fashion-mnist",
        description =
            "Class names of the IDX files. Default: fashion-mnist if the path says so, else mnist.")
    String classes;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--profile",
      required = true,
      paramLabel = "nmnist|cifar10dvs",
      description = "Motion, geometry and layout to imitate.")
  String profile;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Emulate at most N images. Default: all from --offset.")
  Integer limit;

  @Option(
      names = "--offset",
      defaultValue = "0",
      paramLabel = "K",
      description = "First image index. Default: ${DEFAULT-VALUE}.")
  int offset;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "Seed of the sensor mismatch and of every sample. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads. Default: the number of processors.")
  Integer threads;

  @Option(
      names = "--threshold",
      paramLabel = "C",
      description = "ON and OFF contrast threshold (log intensity). Default: the profile's.")
  Double threshold;

  @Option(
      names = "--force",
      description = "Write into a non-empty output folder (files of the same names are replaced).")
  boolean force;

  static MotionProfile parseProfile(String text) {
    return switch (text.toLowerCase(Locale.ROOT).replace("-", "")) {
      case "nmnist" -> MotionProfile.NMNIST;
      case "cifar10dvs" -> MotionProfile.CIFAR10DVS;
      default ->
          throw new IllegalArgumentException(
              "--profile must be nmnist or cifar10dvs, got '" + text + "'");
    };
  }

  static List<String> idxClasses(String option, Path images) {
    String choice =
        option != null
            ? option
            : images.toString().toLowerCase(Locale.ROOT).contains("fashion")
                ? "fashion-mnist"
                : "mnist";
    return switch (choice.toLowerCase(Locale.ROOT)) {
      case "mnist" -> ClassNames.MNIST;
      case "fashion-mnist", "fashion" -> ClassNames.FASHION_MNIST;
      default ->
          throw new IllegalArgumentException(
              "--idx-classes must be mnist or fashion-mnist, got '" + choice + "'");
    };
  }

  private ImageSource openSource() throws IOException {
    if (source.idx != null) {
      return IdxImages.read(
          source.idx.images, source.idx.labels, idxClasses(source.idx.classes, source.idx.images));
    }
    if (source.cifarBatches != null) {
      return Cifar10Batches.read(source.cifarBatches);
    }
    if (source.synthetic != null) {
      if (source.synthetic < 1) {
        throw new IllegalArgumentException("--synthetic must be >= 1, got " + source.synthetic);
      }
      return new SyntheticScenes(source.synthetic, seed);
    }
    return PngFolderImages.open(source.pngDir);
  }

  @Override
  public Integer call() throws Exception {
    MotionProfile motionProfile = parseProfile(profile);
    EmulatorConfig config = EmulatorConfig.defaults(motionProfile);
    if (threshold != null) {
      config = config.withThresholds(threshold, threshold);
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + workers);
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IOException(out + ": exists and is not a folder");
    }
    if (Files.isDirectory(out) && !force) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new IOException(out + ": is not empty (use --force to write into it)");
        }
      }
    }
    ImageSource images = openSource();
    if (offset < 0 || offset >= images.size()) {
      throw new IllegalArgumentException(
          "--offset must be in 0.." + (images.size() - 1) + ", got " + offset);
    }
    int count = limit == null ? images.size() - offset : Math.min(limit, images.size() - offset);
    Files.createDirectories(out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "emulating %d image(s) of %s as %s on %d thread(s), seed %d%n",
        count, images.describe(), motionProfile, workers, seed);
    stdout.flush();
    DvsEmulator emulator = new DvsEmulator(config, seed);
    ProgressBar progress =
        new ProgressBar(
            new PrintWriter(System.err), "emulate", count, "samples", "events", System::nanoTime);
    EmulatedDataset.Result result =
        EmulatedDataset.write(
            images,
            emulator,
            offset,
            count,
            out,
            workers,
            (done, total, events) -> progress.update(done, events, null));
    ReplayCommand.endLine(progress);
    writeManifest(images, config, motionProfile, count, result);
    double seconds = result.elapsedNanos() / 1e9;
    stdout.printf(
        "wrote %d sample(s), %d events (%.0f per sample, %.1f%% ON) to %s in %.1f s (%.0f"
            + " samples/s)%n",
        result.samples(),
        result.events(),
        (double) result.events() / result.samples(),
        100.0 * result.onEvents() / Math.max(1, result.events()),
        out,
        seconds,
        result.samples() / seconds);
    stdout.flush();
    return 0;
  }

  private void writeManifest(
      ImageSource images,
      EmulatorConfig config,
      MotionProfile motionProfile,
      int count,
      EmulatedDataset.Result result)
      throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("kind", "spikestream emulated dataset");
    manifest.put("manifestVersion", 1);
    manifest.put(
        "layout",
        motionProfile == MotionProfile.NMNIST ? "n-mnist (.bin)" : "cifar10-dvs (.aedat)");
    manifest.put("source", images.describe());
    manifest.put("sourceClasses", images.classNames());
    List<String> folders = new ArrayList<>();
    for (int c = 0; c < images.classNames().size(); c++) {
      folders.add(EmulatedDataset.folder(motionProfile, c));
    }
    manifest.put("classFolders", folders);
    manifest.put("offset", offset);
    manifest.put("samples", count);
    manifest.put("samplesPerClass", result.samplesPerClass());
    manifest.put("events", result.events());
    manifest.put("seed", seed);
    manifest.put("profile", motionProfile.name());
    manifest.put("geometry", motionProfile.geometry().toString());
    manifest.put("sampleDurationMicros", motionProfile.durationMicros());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("onThreshold", config.onThreshold());
    params.put("offThreshold", config.offThreshold());
    params.put("thresholdSigma", config.thresholdSigma());
    params.put("refractoryMicros", config.refractoryMicros());
    params.put("noiseRateHz", config.noiseRateHz());
    params.put("stepMicros", config.stepMicros());
    params.put("amplitude", config.amplitude());
    params.put("amplitudeJitter", config.amplitudeJitter());
    params.put("darkLevel", config.darkLevel());
    params.put("background", config.background());
    manifest.put("emulator", params);
    manifest.put(
        "split",
        "no Train/Test folders: the dataset readers' SplitRule (9:1 per class by index) applies");
    manifest.put("created", Instant.now().toString());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve(MANIFEST).toFile(), manifest);
  }
}
