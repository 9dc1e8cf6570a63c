package io.spikestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.io.EventFiles;
import io.spikestream.dvs.io.EventReader;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.exit.ConfidenceExit;
import io.spikestream.snn.exit.ExitDecider;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.exit.ExitPolicy;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.NetworkState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spikestream predict --model M FILE}: reads a recording, bins it with the model's own
 * binning spec (one window from its first event), steps the event-driven kernel until the exit
 * policy stops it (the model's default, or {@code --exit}) and prints the class, the softmax scores
 * of the running-mean logits and the exit step.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies one recording with a model artifact (folder or zip): bins it with the",
      "model's binning spec, runs the spiking network step by step with early exit, prints",
      "the class, the class scores and the step it exited at."
    })
final class PredictCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "Model artifact: a folder or a .zip with model.json.")
  Path model;

  @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
  Path file;

  @Option(
      names = "--exit",
      paramLabel = "POLICY",
      description = "Exit policy: ${COMPLETION-CANDIDATES} (default: the model's).")
  ExitKind exit;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelArtifact artifact = ModelArtifacts.read(model);
    BinningSpec binning = artifact.binning();
    float[][] frames;
    try (EventReader reader = EventFiles.open(file)) {
      frames = SampleBinner.split(SampleBinner.bin(binning, reader), binning);
    }
    ExitKind kind = exit != null ? exit : artifact.exitPolicy();
    ExitPolicy policy =
        switch (kind) {
          case NONE -> ExitPolicy.none();
          case BNTT -> artifact.bnttExit();
          case CONFIDENCE -> new ConfidenceExit(artifact.confidenceExit());
        };
    EventDrivenNetwork network = new EventDrivenNetwork(artifact.parameters());
    NetworkState state = network.newState();
    ExitDecider decider = policy.decider();
    double[] logits = new double[artifact.config().classes()];
    int step = 0;
    for (int t = 0; t < frames.length; t++) {
      network.step(state, frames[t], t);
      state.logits(logits);
      step = t;
      if (decider.exitAfter(t, logits)) {
        break;
      }
    }
    double[] scores = softmax(logits);
    int best = 0;
    for (int c = 1; c < scores.length; c++) {
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode o = mapper.createObjectNode();
      o.put("file", file.toString());
      o.put("predictedClass", best);
      o.put("className", artifact.classNames().get(best));
      ArrayNode s = o.putArray("scores");
      for (double v : scores) {
        s.add(v);
      }
      ArrayNode l = o.putArray("logits");
      for (double v : logits) {
        l.add(v);
      }
      o.put("exitPolicy", kind.name());
      o.put("exitStep", step);
      o.put("timesteps", frames.length);
      out.println(o);
    } else {
      out.printf(
          Locale.ROOT,
          "class:      %d (%s), score %.4f%n",
          best,
          artifact.classNames().get(best),
          scores[best]);
      out.printf(
          Locale.ROOT,
          "exit:       %s after step %d (%d of %d timesteps run)%n",
          kind,
          step,
          step + 1,
          frames.length);
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < scores.length; c++) {
        sb.append(String.format(Locale.ROOT, " %s=%.4f", artifact.classNames().get(c), scores[c]));
      }
      out.printf("scores:    %s%n", sb);
    }
    out.flush();
    return 0;
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double[] out = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < logits.length; i++) {
      out[i] /= sum;
    }
    return out;
  }
}
