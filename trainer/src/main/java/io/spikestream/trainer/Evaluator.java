package io.spikestream.trainer;

import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.progress.ProgressBar;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.energy.EnergyEstimate;
import io.spikestream.snn.exit.ConfidenceExit;
import io.spikestream.snn.exit.ExitDecider;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.NetworkState;
import io.spikestream.snn.infer.WindowTrace;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.NetworkConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates a model on binned samples with the event-driven kernel ({@link EventDrivenNetwork}),
 * the numeric path the streams app runs, in parallel over samples (one {@link NetworkState} per
 * thread, the network shared).
 *
 * <p>Every sample runs all T steps; the exit policies are then read off the trace, which is exact
 * because the logits after step t depend only on frames 0..t (DESIGN section 8): no exit uses step
 * T − 1, BNTT exit the model's calibrated step, confidence exit the first step its decider accepts
 * (T − 1 if none). {@code exitStep} of the per-sample list is decided by the model's configured
 * policy ({@link ModelArtifact#exitPolicy()}), as the stream decides it.
 *
 * <p>Spike rate of weight layer l at step t is its spike count over its neurons, averaged over
 * samples; energy is {@link EnergyEstimate} (the paper's 4.6 pJ MAC versus 0.9 pJ AC).
 */
public final class Evaluator {

  private Evaluator() {}

  private record SampleOutcome(
      int[] predicted, int confidenceStep, int[][] spikes, int[][] inputs) {}

  /**
   * Evaluates {@code artifact} on {@code data}.
   *
   * @param threads worker threads (2 on this machine)
   * @param progress progress bar stream, or null
   */
  public static Evaluation evaluate(
      ModelArtifact artifact,
      FrameDataset data,
      String model,
      String dataSource,
      String split,
      int threads,
      PrintWriter progress)
      throws IOException {
    if (data.size() == 0) {
      throw new IOException(dataSource + ": empty dataset, no " + split + " samples to evaluate");
    }
    NetworkConfig config = artifact.config();
    if (!data.spec().equals(artifact.binning())) {
      throw new IllegalArgumentException(
          "frames were binned with " + data.spec() + ", the model expects " + artifact.binning());
    }
    int classes = config.classes();
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) >= classes) {
        throw new IllegalArgumentException(
            "sample "
                + data.id(i)
                + " has label "
                + data.label(i)
                + ", model has "
                + classes
                + " classes");
      }
    }
    EventDrivenNetwork network = new EventDrivenNetwork(artifact.parameters());
    ConfidenceExit confidenceExit = new ConfidenceExit(artifact.confidenceExit());
    SampleOutcome[] outcomes = new SampleOutcome[data.size()];
    ProgressBar bar = new ProgressBar(progress, "evaluate", data.size(), "samples");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  NetworkState state = network.newState();
                  ExitDecider decider = confidenceExit.decider();
                  for (int i = worker; i < data.size(); i += threads) {
                    float[][] frames = SampleBinner.split(data.frames(i), data.spec());
                    WindowTrace trace = network.run(state, frames, false);
                    int[] predicted = new int[trace.steps()];
                    for (int t = 0; t < predicted.length; t++) {
                      predicted[t] = trace.predictedClass(t);
                    }
                    decider.reset();
                    int confidenceStep = predicted.length - 1;
                    for (int t = 0; t < predicted.length; t++) {
                      if (decider.exitAfter(t, trace.logits()[t])) {
                        confidenceStep = t;
                        break;
                      }
                    }
                    outcomes[i] =
                        new SampleOutcome(
                            predicted, confidenceStep, trace.spikeCounts(), trace.activeInputs());
                    bar.advance(1, null);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while evaluating", e);
    } finally {
      pool.shutdownNow();
    }
    bar.finish(null);
    return summarise(artifact, data, outcomes, model, dataSource, split);
  }

  private static Evaluation summarise(
      ModelArtifact artifact,
      FrameDataset data,
      SampleOutcome[] outcomes,
      String model,
      String dataSource,
      String split) {
    NetworkConfig config = artifact.config();
    int timesteps = config.timesteps();
    int classes = config.classes();
    int n = data.size();
    int bnttStep = artifact.bnttExit().exitStep();
    List<LayerShape> layers = config.weightLayers();
    int weightLayers = layers.size();
    double[] atStep = new double[timesteps];
    long noneCorrect = 0;
    long bnttCorrect = 0;
    long confCorrect = 0;
    long confSteps = 0;
    long policyCorrect = 0;
    long policySteps = 0;
    long[][] confusion = new long[classes][classes];
    long[] perClassTotal = new long[classes];
    long[] perClassCorrect = new long[classes];
    double[][] spikeRate = new double[weightLayers][timesteps];
    double snnPj = 0;
    double snnPjAtExit = 0;
    double annPj = 0;
    List<Evaluation.PerSample> perSample = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SampleOutcome o = outcomes[i];
      int label = data.label(i);
      for (int t = 0; t < timesteps; t++) {
        if (o.predicted[t] == label) {
          atStep[t]++;
        }
      }
      noneCorrect += o.predicted[timesteps - 1] == label ? 1 : 0;
      bnttCorrect += o.predicted[bnttStep] == label ? 1 : 0;
      confCorrect += o.predicted[o.confidenceStep] == label ? 1 : 0;
      confSteps += o.confidenceStep + 1;
      int exitStep =
          switch (artifact.exitPolicy()) {
            case NONE -> timesteps - 1;
            case BNTT -> bnttStep;
            case CONFIDENCE -> o.confidenceStep;
          };
      int predicted = o.predicted[exitStep];
      policyCorrect += predicted == label ? 1 : 0;
      policySteps += exitStep + 1;
      confusion[label][predicted]++;
      perClassTotal[label]++;
      perClassCorrect[label] += predicted == label ? 1 : 0;
      perSample.add(new Evaluation.PerSample(data.id(i), label, predicted, exitStep));
      for (int l = 0; l < weightLayers; l++) {
        double neurons = layers.get(l).outSize();
        for (int t = 0; t < timesteps; t++) {
          spikeRate[l][t] += o.spikes[t][l] / neurons / n;
        }
      }
      EnergyEstimate full = EnergyEstimate.of(config, o.inputs);
      EnergyEstimate atExit = EnergyEstimate.of(config, Arrays.copyOf(o.inputs, exitStep + 1));
      annPj = full.annPicojoules();
      snnPj += full.snnPicojoules() / n;
      snnPjAtExit += atExit.snnPicojoules() / n;
    }
    for (int t = 0; t < timesteps; t++) {
      atStep[t] /= n;
    }
    double[] perClass = new double[classes];
    for (int c = 0; c < classes; c++) {
      perClass[c] =
          perClassTotal[c] == 0 ? Double.NaN : (double) perClassCorrect[c] / perClassTotal[c];
    }
    double[][] meanGamma = new double[weightLayers][timesteps];
    for (int l = 0; l < weightLayers; l++) {
      LayerShape layer = layers.get(l);
      float[] gamma = artifact.parameters().gamma(layer.weightIndex());
      int c = layer.outChannels();
      for (int t = 0; t < timesteps; t++) {
        double sum = 0;
        for (int j = 0; j < c; j++) {
          sum += gamma[t * c + j];
        }
        meanGamma[l][t] = sum / c;
      }
    }
    List<String> layerNames = new ArrayList<>();
    for (LayerShape layer : layers) {
      layerNames.add(layerName(layer));
    }
    return new Evaluation(
        model,
        dataSource,
        split,
        artifact.classNames(),
        n,
        timesteps,
        (double) policyCorrect / n,
        artifact.exitPolicy().name(),
        new Evaluation.ExitResult((double) noneCorrect / n, timesteps),
        new Evaluation.ExitResult((double) bnttCorrect / n, bnttStep + 1),
        bnttStep,
        artifact.bnttExit().gammaThreshold(),
        new Evaluation.ExitResult((double) confCorrect / n, (double) confSteps / n),
        atStep,
        perClass,
        confusion,
        spikeRate,
        layerNames,
        meanGamma,
        annPj * 1e-12,
        snnPj * 1e-12,
        snnPjAtExit * 1e-12,
        perSample,
        artifact.provenance().metrics());
  }

  private static String layerName(LayerShape layer) {
    return (layer.kind() == io.spikestream.snn.model.LayerKind.LINEAR ? "f" : "c")
        + layer.outChannels()
        + " #"
        + layer.weightIndex();
  }
}
