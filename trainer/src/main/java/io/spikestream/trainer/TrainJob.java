package io.spikestream.trainer;

import io.spikestream.dvs.progress.ProgressBar;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.artifact.Provenance;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.train.BatchNetworkConfig;
import io.spikestream.snn.train.BatchResult;
import io.spikestream.snn.train.StepLogits;
import io.spikestream.snn.train.TemporalGammaDecay;
import io.spikestream.snn.train.TrainingSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One training run (DESIGN sections 7 to 9): trains on the TRAIN frames with the snn module's
 * {@link TrainingSession} (BNTT, BPTT, the paper's optimiser schedule), validates on the TEST
 * frames after every epoch, writes a {@link Checkpoint} after every epoch, then calibrates the BNTT
 * exit step from the learnt γ and writes the model artifact with provenance and training curves.
 * The artifact's default exit policy is {@link ExitKind#BNTT}.
 */
public final class TrainJob {

  /**
   * What a run produced.
   *
   * @param artifact the trained model
   * @param curves one entry per epoch
   */
  public record Result(ModelArtifact artifact, List<EpochMetrics> curves) {}

  /**
   * Where the data came from, for provenance.
   *
   * @param dataSource folder or topic
   * @param split split name, e.g. {@code 9:1}
   * @param classNames class names in label order
   */
  public record Source(String dataSource, String split, List<String> classNames) {
    public Source {
      classNames = List.copyOf(classNames);
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException("classNames must not be empty");
      }
    }
  }

  private TrainJob() {}

  /** The checkpoint folder next to {@code out}. */
  public static Path checkpointPath(Path out) {
    return out.resolveSibling(out.getFileName() + ".ckpt");
  }

  /**
   * Trains and writes the artifact to {@code out} (a {@code .zip} file, else a folder).
   *
   * @param resume a checkpoint folder to continue from, or null
   * @param progress where the progress bars go (stderr), or null
   */
  public static Result run(
      TrainConfig config,
      FrameDataset train,
      FrameDataset test,
      Source source,
      Path out,
      Path resume,
      PrintWriter progress)
      throws IOException {
    return run(config, train, test, source, out, resume, progress, Integer.MAX_VALUE);
  }

  /**
   * As {@link #run(TrainConfig, FrameDataset, FrameDataset, Source, Path, Path, PrintWriter)}, but
   * stops after {@code epochsThisRun} epochs as an interrupted run would (its checkpoint can be
   * resumed); the artifact then holds the model as it stands.
   */
  static Result run(
      TrainConfig config,
      FrameDataset train,
      FrameDataset test,
      Source source,
      Path out,
      Path resume,
      PrintWriter progress,
      int epochsThisRun)
      throws IOException {
    if (train.size() == 0) {
      throw new IOException(
          source.dataSource() + ": empty dataset, no TRAIN samples to learn from");
    }
    int classes = source.classNames().size();
    checkLabels(train, classes, "TRAIN");
    checkLabels(test, classes, "TEST");
    BatchNetworkConfig networkConfig =
        BatchNetworkConfig.of(
            Architecture.parse(config.architecture()),
            2,
            config.height(),
            config.width(),
            classes,
            config.timesteps());
    TrainingSession session =
        new TrainingSession(networkConfig, config.optimizerConfig(), config.seed());
    session.setGammaDecay(new TemporalGammaDecay(config.gammaDecay()));
    List<EpochMetrics> curves = new ArrayList<>();
    int firstEpoch = 0;
    if (resume != null) {
      Checkpoint ckpt = Checkpoint.read(resume);
      if (!ckpt.architecture().equals(Architecture.parse(config.architecture()).spec())) {
        throw new IllegalArgumentException(
            "--resume checkpoint has architecture "
                + ckpt.architecture()
                + ", this run "
                + config.architecture());
      }
      if (!ckpt.optimizer().equals(config.optimizer().name())) {
        throw new IllegalArgumentException(
            "--resume checkpoint has optimizer "
                + ckpt.optimizer()
                + ", this run "
                + config.optimizer());
      }
      if (ckpt.seed() != config.seed()) {
        throw new IllegalArgumentException(
            "--resume checkpoint has seed " + ckpt.seed() + ", this run " + config.seed());
      }
      session.importTensors(ckpt.tensors());
      session.restoreOptimizerState(ckpt.optimizerState());
      curves.addAll(ckpt.curves());
      firstEpoch = ckpt.epochsDone();
    }
    int frameFloats = config.timesteps() * train.spec().frameSize();
    int lastEpoch = (int) Math.min(config.epochs(), (long) firstEpoch + epochsThisRun);
    for (int epoch = firstEpoch; epoch < lastEpoch; epoch++) {
      session.startEpoch(epoch, config.epochs());
      int[] order = session.shuffledOrder(train.size(), epoch);
      ProgressBar bar =
          new ProgressBar(
              progress,
              String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs()),
              train.size(),
              "samples");
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      for (int start = 0; start < order.length; start += config.batch()) {
        int b = Math.min(config.batch(), order.length - start);
        float[] frames = new float[b * frameFloats];
        int[] labels = new int[b];
        for (int k = 0; k < b; k++) {
          int i = order[start + k];
          train.copyFrames(i, frames, k * frameFloats);
          labels[k] = train.label(i);
        }
        BatchResult r = session.trainBatch(frames, labels);
        lossSum += r.loss() * b;
        correct += r.correct();
        seen += b;
        bar.advance(
            b,
            String.format(
                Locale.ROOT, "loss %.4f acc %.3f", lossSum / seen, (double) correct / seen));
      }
      double testAccuracy = test.size() == 0 ? Double.NaN : accuracy(session, test, config.batch());
      EpochMetrics m =
          new EpochMetrics(
              epoch, lossSum / seen, (double) correct / seen, testAccuracy, session.learningRate());
      curves.add(m);
      bar.finish(
          String.format(
              Locale.ROOT,
              "loss %.4f acc %.3f test %.3f",
              m.trainLoss(),
              m.trainAccuracy(),
              m.testAccuracy()));
      new Checkpoint(
              epoch + 1,
              config.seed(),
              Architecture.parse(config.architecture()).spec(),
              config.optimizer().name(),
              session.exportTensors(),
              session.optimizerState(),
              curves)
          .write(checkpointPath(out));
    }
    ModelParameters parameters = session.exportParameters();
    BnttExit bntt = BnttExit.calibrate(parameters, BnttExit.DEFAULT_GAMMA_THRESHOLD);
    Map<String, Double> metrics = new TreeMap<>();
    for (EpochMetrics m : curves) {
      m.putInto(metrics);
    }
    if (!curves.isEmpty()) {
      EpochMetrics last = curves.get(curves.size() - 1);
      metrics.put("trainAccuracy", last.trainAccuracy());
      metrics.put("trainLoss", last.trainLoss());
      if (!Double.isNaN(last.testAccuracy())) {
        metrics.put("testAccuracy", last.testAccuracy());
      }
    }
    metrics.put("trainSamples", (double) train.size());
    if (config.gammaDecay() > 0) {
      metrics.put("gammaDecay", config.gammaDecay());
    }
    metrics.put("testSamples", (double) test.size());
    Provenance provenance =
        new Provenance(
            source.dataSource(),
            source.split(),
            config.seed(),
            config.epochs(),
            metrics,
            gitCommit(),
            Instant.now().toString());
    ModelArtifact artifact =
        new ModelArtifact(
            parameters,
            source.classNames(),
            config.binning(),
            ExitKind.BNTT,
            bntt,
            null,
            provenance);
    write(artifact, out);
    return new Result(artifact, curves);
  }

  /** Writes {@code artifact} as a zip when {@code out} ends in {@code .zip}, else as a folder. */
  public static void write(ModelArtifact artifact, Path out) throws IOException {
    if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      ModelArtifacts.writeZip(artifact, out);
    } else {
      ModelArtifacts.writeFolder(artifact, out);
    }
  }

  /** Fraction of {@code data} whose final-step prediction (batched ND4J) equals the label. */
  static double accuracy(TrainingSession session, FrameDataset data, int batch) {
    int frameFloats = data.spec().timesteps() * data.spec().frameSize();
    long correct = 0;
    for (int start = 0; start < data.size(); start += batch) {
      int b = Math.min(batch, data.size() - start);
      float[] frames = new float[b * frameFloats];
      for (int k = 0; k < b; k++) {
        data.copyFrames(start + k, frames, k * frameFloats);
      }
      StepLogits logits = session.evaluateBatch(frames, b);
      for (int k = 0; k < b; k++) {
        if (logits.predicted(k, logits.timesteps() - 1) == data.label(start + k)) {
          correct++;
        }
      }
    }
    return (double) correct / data.size();
  }

  private static void checkLabels(FrameDataset data, int classes, String split) {
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) >= classes) {
        throw new IllegalArgumentException(
            split
                + " sample "
                + data.id(i)
                + " has label "
                + data.label(i)
                + ", but there are only "
                + classes
                + " classes");
      }
    }
  }

  /** {@code git rev-parse HEAD} of the working directory, or null when git is not available. */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String text;
      try (InputStream in = p.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      }
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroy();
        return null;
      }
      return p.exitValue() == 0 && text.matches("[0-9a-f]{40}") ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
