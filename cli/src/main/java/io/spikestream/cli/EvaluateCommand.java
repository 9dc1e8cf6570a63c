package io.spikestream.cli;

import io.spikestream.dvs.dataset.Split;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.trainer.Datasets;
import io.spikestream.trainer.Evaluation;
import io.spikestream.trainer.EvaluationJson;
import io.spikestream.trainer.Evaluator;
import io.spikestream.trainer.FrameDataset;
import io.spikestream.trainer.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikestream evaluate}: runs a model over a split of a dataset folder with the event-driven
 * kernel (the stream's numeric path) and reports accuracy, exit policies, spike rates and energy;
 * {@code --per-sample} lists each sample's prediction and exit step under the model's configured
 * exit policy, which the streams app reproduces.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates a model on a dataset split with the event-driven kernel: accuracy, per-class",
      "accuracy, confusion matrix, no/BNTT/confidence exit, accuracy per exit step, spike rates,",
      "energy. The per-sample exit step follows the model's configured exit policy."
    })
final class EvaluateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "Artifact (zip or folder).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "D", description = "Dataset folder.")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "test|train",
      description = "Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(
      names = "--split-rule",
      paramLabel = "9:1|first-100-test",
      description = "Split rule of class-folder datasets. Default: the model's training split.")
  String splitRule;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Keep binned frames in DIR, keyed by dataset files and binning spec.")
  Path cache;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(
      names = "--per-sample",
      description = "Include {id, label, predicted, exitStep} per sample.")
  boolean perSample;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Write report.html and evaluation.json here.")
  Path report;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "At most N samples (0 = all).")
  int limit;

  @Option(names = "--threads", paramLabel = "N", description = "Default: the number of cores.")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Split which =
        switch (split.toLowerCase(Locale.ROOT)) {
          case "test" -> Split.TEST;
          case "train" -> Split.TRAIN;
          default ->
              throw new IllegalArgumentException(
                  "--split must be test or train, got '" + split + "'");
        };
    ModelArtifact artifact = ModelArtifacts.read(model);
    String rule = splitRule;
    if (rule == null) {
      String trained = artifact.provenance().split();
      rule = trained == null || trained.equals("folders") ? "9:1" : trained;
    }
    Datasets.Splits folder = Datasets.open(data, Datasets.parseRule(rule));
    if (folder.get(which).samples().isEmpty()) {
      throw new UserException(
          data
              + ": the "
              + split.toLowerCase(Locale.ROOT)
              + " split of this "
              + folder.get(which).layout()
              + " dataset holds no sample (rule "
              + folder.splitLabel()
              + ")");
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    FrameDataset frames =
        Datasets.load(folder.get(which), artifact.binning(), limit, 0L, n, err, cache);
    String splitName = which.name().toLowerCase(Locale.ROOT) + " (" + folder.splitLabel() + ")";
    Evaluation e =
        Evaluator.evaluate(artifact, frames, model.toString(), data.toString(), splitName, n, err);
    if (json) {
      out.println(EvaluationJson.render(e, perSample));
    } else {
      out.printf(
          Locale.ROOT,
          "%s on %s, %s: %d samples, T = %d, policy %s%n",
          model,
          data,
          splitName,
          e.samples(),
          e.timesteps(),
          e.policy());
      out.printf(Locale.ROOT, "accuracy %.4f%n", e.accuracy());
      out.printf(
          Locale.ROOT,
          "no exit          accuracy %.4f  mean timesteps %.2f%n",
          e.none().accuracy(),
          e.none().meanTimesteps());
      out.printf(
          Locale.ROOT,
          "BNTT exit (t=%d)  accuracy %.4f  mean timesteps %.2f%n",
          e.bnttExitStep(),
          e.bntt().accuracy(),
          e.bntt().meanTimesteps());
      out.printf(
          Locale.ROOT,
          "confidence exit  accuracy %.4f  mean timesteps %.2f%n",
          e.confidence().accuracy(),
          e.confidence().meanTimesteps());
      out.printf(
          Locale.ROOT,
          "energy per inference: ANN %.3e J, SNN %.3e J (all steps), %.3e J (policy)%n",
          e.annJoules(),
          e.snnJoules(),
          e.snnJoulesAtExit());
      if (perSample) {
        for (Evaluation.PerSample s : e.perSample()) {
          out.printf(
              Locale.ROOT,
              "%s label %d predicted %d exitStep %d%n",
              s.id(),
              s.label(),
              s.predicted(),
              s.exitStep());
        }
      }
    }
    if (report != null) {
      Path html = HtmlReport.write(e, report);
      err.println("report: " + html);
    }
    out.flush();
    return 0;
  }
}
