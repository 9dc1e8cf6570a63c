package io.spikestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.dataset.SplitRule;
import io.spikestream.schemas.serde.Topics;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.train.OptimizerKind;
import io.spikestream.trainer.Datasets;
import io.spikestream.trainer.FrameDataset;
import io.spikestream.trainer.ModelPublisher;
import io.spikestream.trainer.TopicDataset;
import io.spikestream.trainer.TrainConfig;
import io.spikestream.trainer.TrainJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream train}: bins a dataset folder with the model's binning, trains a BNTT network
 * on its TRAIN split, validates on TEST after every epoch, writes the artifact (and a checkpoint
 * per epoch next to it), optionally publishes it to {@code snn.models}. Thin over {@link TrainJob}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a BNTT spiking network on the TRAIN split of a dataset folder (validating on TEST",
      "after every epoch) and writes the model artifact; --publish sends it to snn.models.",
      "N-MNIST:      train --data N-MNIST --arch c32-p2-c64-p2-f256 --timesteps 20 --epochs 20"
          + " --out nmnist.zip",
      "DVS-CIFAR10:  train --data CIFAR10-DVS --arch VGG9 --size 48x48 --timesteps 20"
          + " --split 9:1 --epochs 100 --out cifar10dvs.zip"
    })
final class TrainCommand implements Callable<Integer> {

  private static final long TOPIC_TIMEOUT_MILLIS = 600_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset folder (CIFAR10-DVS class folders or N-MNIST Train/Test).")
  Path data;

  @Option(
      names = "--topic",
      paramLabel = "T",
      description =
          "A recorded EventPacket topic with sample info (needs --bootstrap and --size); split"
              + " 9:1 per class in arrival order.")
  String topic;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka, for --publish.")
  String bootstrap;

  @Option(
      names = "--arch",
      required = true,
      paramLabel = "A",
      description = "Architecture spec, e.g. c32-p2-c64-p2-f256, or VGG9 / VGG11.")
  String arch;

  @Option(
      names = "--timesteps",
      defaultValue = "20",
      paramLabel = "T",
      description = "Default: 20.")
  int timesteps;

  @Option(names = "--epochs", required = true, paramLabel = "E")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "" + TrainConfig.DEFAULT_BATCH,
      paramLabel = "N",
      description = "Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "" + TrainConfig.DEFAULT_LEARNING_RATE,
      paramLabel = "X",
      description =
          "Initial learning rate (÷10 at 50/70/90 %% of the epochs). Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(
      names = "--optimizer",
      defaultValue = "sgd",
      paramLabel = "sgd|adam",
      description = "Default: ${DEFAULT-VALUE} (momentum 0.9, weight decay 1e-4, as the paper).")
  String optimizer;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainConfig.DEFAULT_SEED,
      paramLabel = "S",
      description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--resume",
      paramLabel = "CKPT",
      description = "Continue from a checkpoint folder.")
  Path resume;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      description = "Frame size (the sensor is scaled down). Default: the sensor's size.")
  String size;

  @Option(
      names = "--value",
      defaultValue = "count",
      paramLabel = "count|binary",
      description = "Frame values. Default: ${DEFAULT-VALUE}.")
  String value;

  @Option(
      names = "--split",
      defaultValue = "9:1",
      paramLabel = "9:1|first-100-test",
      description =
          "Split of class-folder datasets (Train/Test folders always win). Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Use at most N samples per split (seeded subset; 0 = all).")
  int limit;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for binning. Default: the number of cores.")
  Integer threads;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL",
      description = "Artifact: x.zip or a folder.")
  Path out;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Keep binned frames in DIR, keyed by dataset files and binning spec.")
  Path cache;

  @Option(
      names = "--publish",
      description = "Send the artifact to the models topic (needs --bootstrap).")
  boolean publish;

  @Option(
      names = "--models-topic",
      defaultValue = Topics.DEFAULT_MODELS,
      paramLabel = "T",
      description = "Default: ${DEFAULT-VALUE}.")
  String modelsTopic;

  @Option(
      names = "--model-name",
      paramLabel = "NAME",
      description = "Key in the models topic. Default: the --out file name without extension.")
  String modelName;

  @Option(
      names = "--exit-policy",
      defaultValue = "bntt",
      paramLabel = "bntt|confidence|none",
      description =
          "Exit policy the artifact asks the stream to use (both exits are calibrated and stored"
              + " either way). Default: ${DEFAULT-VALUE}.")
  String exitPolicy;

  @Option(
      names = "--gamma-decay",
      defaultValue = "0",
      paramLabel = "L",
      description =
          "Time-weighted L1 penalty on the BNTT gamma, L*((t+1)/T)^2*|gamma| (beyond the paper: pulls"
              + " late timesteps' gamma down within a few epochs so the BNTT exit can cut; 0 = the"
              + " paper's training). Default: ${DEFAULT-VALUE}.")
  double gammaDecay;

  @Override
  public Integer call() throws Exception {
    if ((data == null) == (topic == null)) {
      throw new UserException("exactly one of --data DIR or --topic T is required");
    }
    if (topic != null && (bootstrap == null || size == null)) {
      throw new UserException("--topic needs --bootstrap HOST:PORT and --size HxW");
    }
    if (publish && bootstrap == null) {
      throw new UserException("--publish needs --bootstrap HOST:PORT");
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    int[] requestedSize = size == null ? null : parseSize(size);
    OptimizerKind optimizerKind = parseOptimizer(optimizer);
    parseExitPolicy(exitPolicy);
    FrameValue frameValue = parseValue(value);
    SplitRule rule = Datasets.parseRule(split);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (topic != null) {
      return trainFromTopic(requestedSize, optimizerKind, frameValue, n);
    }
    Datasets.Splits folder = Datasets.open(data, rule);
    int height;
    int width;
    if (size == null) {
      SensorGeometry g = folder.geometry();
      height = g.height();
      width = g.width();
    } else {
      height = requestedSize[0];
      width = requestedSize[1];
    }
    TrainConfig config =
        new TrainConfig(
            archSpec(arch),
            timesteps,
            epochs,
            batch,
            lr,
            optimizerKind,
            seed,
            height,
            width,
            frameValue,
            n,
            gammaDecay);
    FrameDataset train =
        Datasets.load(folder.train(), config.binning(), limit, seed, n, err, cache);
    FrameDataset test = Datasets.load(folder.test(), config.binning(), limit, seed, n, err, cache);
    err.printf(
        Locale.ROOT,
        "%d train / %d test samples (%s split), frames 2x%dx%d, T = %d, %.1f MB in memory%n",
        train.size(),
        test.size(),
        folder.splitLabel(),
        height,
        width,
        timesteps,
        (train.storedBytes() + test.storedBytes()) / 1e6);
    TrainJob.Result result =
        TrainJob.run(
            config,
            train,
            test,
            new TrainJob.Source(
                data.toString(), folder.splitLabel(), classNames(data, folder.classNames())),
            out,
            resume,
            err);
    return report(result, outWriter);
  }

  static ExitKind parseExitPolicy(String text) {
    for (ExitKind kind : ExitKind.values()) {
      if (kind.name().equalsIgnoreCase(text)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "--exit-policy must be bntt, confidence or none, got '" + text + "'");
  }

  /**
   * The class names stored in the model: an emulated dataset's manifest names its source classes
   * ("ring", "sandal", ...) where the folders only say "0".."9"; otherwise the folder names.
   */
  static List<String> classNames(Path data, List<String> folderNames) throws IOException {
    Path manifest = data.resolve(EmulateCommand.MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return folderNames;
    }
    JsonNode names = new ObjectMapper().readTree(manifest.toFile()).path("sourceClasses");
    JsonNode folders = new ObjectMapper().readTree(manifest.toFile()).path("classFolders");
    if (!names.isArray() || names.size() != folderNames.size() || !folders.isArray()) {
      return folderNames;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < folderNames.size(); i++) {
      if (!folders.path(i).asText().equals(folderNames.get(i))) {
        return folderNames;
      }
      out.add(names.get(i).asText());
    }
    return out;
  }

  private Integer trainFromTopic(
      int[] hw, OptimizerKind optimizerKind, FrameValue frameValue, int threads) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    TrainConfig config =
        new TrainConfig(
            archSpec(arch),
            timesteps,
            epochs,
            batch,
            lr,
            optimizerKind,
            seed,
            hw[0],
            hw[1],
            frameValue,
            threads,
            gammaDecay);
    TopicDataset.Result read =
        TopicDataset.read(bootstrap, topic, config.binning(), TOPIC_TIMEOUT_MILLIS, err);
    err.printf(
        Locale.ROOT,
        "%d samples from %s (%d unlabelled, %d incomplete, %d packets skipped)%n",
        read.frames().size(),
        topic,
        read.unlabelled(),
        read.incomplete(),
        read.skippedPackets());
    if (read.frames().size() == 0) {
      throw new UserException(
          "topic "
              + topic
              + ": empty dataset, no complete labelled samples (SampleInfo with a label)");
    }
    FrameDataset[] parts = TopicDataset.splitNineToOne(read.frames());
    TrainJob.Result result =
        TrainJob.run(
            config,
            parts[0],
            parts[1],
            new TrainJob.Source("topic " + topic + " at " + bootstrap, "9:1", read.classNames()),
            out,
            resume,
            err);
    return report(result, spec.commandLine().getOut());
  }

  private Integer report(TrainJob.Result result, PrintWriter outWriter) throws Exception {
    var artifact = result.artifact();
    ExitKind policy = parseExitPolicy(exitPolicy);
    if (policy != artifact.exitPolicy()) {
      artifact =
          new ModelArtifact(
              artifact.parameters(),
              artifact.classNames(),
              artifact.binning(),
              policy,
              artifact.bnttExit(),
              artifact.confidenceExit(),
              artifact.provenance());
      TrainJob.write(artifact, out);
    }
    outWriter.printf(
        Locale.ROOT,
        "wrote %s (test accuracy %s, BNTT exit step %d of %d, exit policy %s, checkpoint %s)%n",
        out,
        artifact.provenance().metrics().containsKey("testAccuracy")
            ? String.format(
                Locale.ROOT, "%.4f", artifact.provenance().metrics().get("testAccuracy"))
            : "-",
        artifact.bnttExit().exitStep(),
        artifact.config().timesteps(),
        artifact.exitPolicy().name().toLowerCase(Locale.ROOT),
        TrainJob.checkpointPath(out));
    if (publish) {
      String name = modelName != null ? modelName : stem(out);
      String where = ModelPublisher.publish(bootstrap, modelsTopic, name, artifact);
      outWriter.printf(Locale.ROOT, "published model '%s' to %s%n", name, where);
    }
    outWriter.flush();
    return 0;
  }

  static String archSpec(String text) {
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "VGG9" -> io.spikestream.snn.Architecture.VGG9;
      case "VGG11" -> io.spikestream.snn.Architecture.VGG11;
      default -> text;
    };
  }

  static int[] parseSize(String text) {
    String[] p = text.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        int h = Integer.parseInt(p[0].trim());
        int w = Integer.parseInt(p[1].trim());
        if (h >= 1 && w >= 1) {
          return new int[] {h, w};
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--size must be HxW, e.g. 48x48, got '" + text + "'");
  }

  static OptimizerKind parseOptimizer(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "sgd" -> OptimizerKind.SGD;
      case "adam" -> OptimizerKind.ADAM;
      default ->
          throw new IllegalArgumentException("--optimizer must be sgd or adam, got '" + text + "'");
    };
  }

  static FrameValue parseValue(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "count" -> FrameValue.COUNT;
      case "binary" -> FrameValue.BINARY;
      default ->
          throw new IllegalArgumentException("--value must be count or binary, got '" + text + "'");
    };
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
