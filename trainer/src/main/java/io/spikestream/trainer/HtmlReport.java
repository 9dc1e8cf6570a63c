package io.spikestream.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML evaluation report (inline SVG, no external assets): the summary table of
 * exit policies, training curves from the artifact's provenance, the γ heat map (layers ×
 * timesteps, DESIGN section 8), accuracy versus exit step, spike rates and the confusion matrix.
 */
public final class HtmlReport {

  private static final int W = 560;
  private static final int H = 240;
  private static final int PAD = 40;

  private HtmlReport() {}

  /** Writes {@code report.html} and {@code evaluation.json} into {@code dir}; returns the HTML. */
  public static Path write(Evaluation e, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path html = dir.resolve("report.html");
    Files.writeString(html, render(e), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("evaluation.json"), EvaluationJson.render(e, true), StandardCharsets.UTF_8);
    return html;
  }

  /** The report as one HTML document. */
  public static String render(Evaluation e) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>spikestream evaluation")
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;")
        .append("text-align:right}svg{background:#fafafa;border:1px solid #ddd}</style>")
        .append("</head><body>\n");
    b.append("<h1>Evaluation of ").append(esc(e.model())).append("</h1>\n");
    b.append("<p>data ")
        .append(esc(e.dataSource()))
        .append(", split ")
        .append(esc(e.split()))
        .append(", ")
        .append(e.samples())
        .append(" samples, T = ")
        .append(e.timesteps())
        .append(", configured exit policy ")
        .append(esc(e.policy()))
        .append(" (decides the per-sample exit step), event-driven kernel.</p>\n");
    b.append("<h2>Exit policies</h2>\n<table><tr><th>policy</th><th>accuracy</th>")
        .append("<th>mean timesteps</th></tr>\n");
    row(b, "none", e.none());
    row(
        b,
        "BNTT (exit step " + e.bnttExitStep() + ", γ &lt; " + e.bnttGammaThreshold() + ")",
        e.bntt());
    row(b, "confidence", e.confidence());
    b.append("</table>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<p>Energy per inference: ANN %.3e J, SNN %.3e J (all T steps), %.3e J (configured"
                + " exit).</p>%n",
            e.annJoules(),
            e.snnJoules(),
            e.snnJoulesAtExit()));
    List<EpochMetrics> curves = EpochMetrics.fromMetrics(e.provenanceMetrics());
    b.append("<h2>Training curves</h2>\n");
    if (curves.isEmpty()) {
      b.append("<p>The artifact holds no training curves.</p>\n");
    } else {
      double[] loss = new double[curves.size()];
      double[] trainAcc = new double[curves.size()];
      double[] testAcc = new double[curves.size()];
      for (int i = 0; i < curves.size(); i++) {
        loss[i] = curves.get(i).trainLoss();
        trainAcc[i] = curves.get(i).trainAccuracy();
        testAcc[i] = curves.get(i).testAccuracy();
      }
      b.append("<h3>train loss per epoch</h3>\n")
          .append(lineChart(new double[][] {loss}, new String[] {"#c33"}, false));
      b.append("<h3>accuracy per epoch (red train, blue test)</h3>\n")
          .append(
              lineChart(new double[][] {trainAcc, testAcc}, new String[] {"#c33", "#33c"}, true));
    }
    b.append("<h2>Accuracy versus exit step</h2>\n")
        .append(lineChart(new double[][] {e.accuracyAtStep()}, new String[] {"#393"}, true));
    b.append("<h2>γ heat map (mean γ per layer and timestep)</h2>\n")
        .append(heatMap(e.meanGamma(), e.layerNames()));
    b.append("<h2>Spike rate per layer and timestep</h2>\n")
        .append(heatMap(e.spikeRate(), e.layerNames()));
    b.append("<h2>Confusion matrix (rows true, columns predicted)</h2>\n<table><tr><th></th>");
    for (String n : e.classNames()) {
      b.append("<th>").append(esc(n)).append("</th>");
    }
    b.append("<th>accuracy</th></tr>\n");
    for (int r = 0; r < e.confusion().length; r++) {
      b.append("<tr><th>").append(esc(e.classNames().get(r))).append("</th>");
      for (long v : e.confusion()[r]) {
        b.append("<td>").append(v).append("</td>");
      }
      b.append("<td>").append(fmt(e.perClassAccuracy()[r])).append("</td></tr>\n");
    }
    b.append("</table>\n</body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Evaluation.ExitResult r) {
    b.append("<tr><td style=\"text-align:left\">")
        .append(name)
        .append("</td><td>")
        .append(fmt(r.accuracy()))
        .append("</td><td>")
        .append(fmt(r.meanTimesteps()))
        .append("</td></tr>\n");
  }

  /** Polylines over index 0..n-1; y in [0, 1] when {@code unitRange}, else [0, max]. */
  static String lineChart(double[][] series, String[] colours, boolean unitRange) {
    double max = unitRange ? 1 : 0;
    int n = 0;
    for (double[] s : series) {
      n = Math.max(n, s.length);
      for (double v : s) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    if (max <= 0) {
      max = 1;
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\">", W, H));
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
            PAD,
            H - PAD,
            W - PAD,
            H - PAD,
            PAD,
            PAD / 2,
            PAD,
            H - PAD));
    b.append(text(4, PAD / 2 + 4, fmt(max))).append(text(4, H - PAD, "0"));
    b.append(text(PAD, H - PAD / 3, "0"))
        .append(text(W - PAD, H - PAD / 3, Integer.toString(n - 1)));
    for (int k = 0; k < series.length; k++) {
      StringBuilder pts = new StringBuilder();
      double[] s = series[k];
      for (int i = 0; i < s.length; i++) {
        if (!Double.isFinite(s[i])) {
          continue;
        }
        double x = PAD + (n <= 1 ? 0 : (W - 2.0 * PAD) * i / (n - 1));
        double y = H - PAD - (H - 1.5 * PAD) * s[i] / max;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(colours[k])
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
    }
    b.append("</svg>\n");
    return b.toString();
  }

  /** Rows = layers, columns = timesteps, shade = value / max. */
  static String heatMap(double[][] values, List<String> rowNames) {
    int rows = values.length;
    int cols = rows == 0 ? 0 : values[0].length;
    double max = 0;
    for (double[] r : values) {
      for (double v : r) {
        if (Double.isFinite(v)) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    int cell = 22;
    int left = 90;
    int width = left + cols * cell + 10;
    int height = rows * cell + 30;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\">", width, height));
    for (int r = 0; r < rows; r++) {
      b.append(text(4, r * cell + 15, rowNames.get(r)));
      for (int c = 0; c < cols; c++) {
        double v = values[r][c];
        double f = max == 0 || !Double.isFinite(v) ? 0 : Math.abs(v) / max;
        int shade = (int) Math.round(255 * (1 - f));
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\">"
                    + "<title>t=%d %s</title></rect>",
                left + c * cell,
                r * cell,
                cell - 1,
                cell - 1,
                shade,
                shade,
                c,
                fmt(v)));
      }
    }
    for (int c = 0; c < cols; c += Math.max(1, cols / 10)) {
      b.append(text(left + c * cell + 4, rows * cell + 16, Integer.toString(c)));
    }
    b.append(text(4, rows * cell + 28, "max " + fmt(max)));
    b.append("</svg>\n");
    return b.toString();
  }

  private static String text(int x, int y, String s) {
    return String.format(
        Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", x, y, esc(s));
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
