package io.spikestream.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The machine-readable form of an {@link Evaluation}. Keys: {@code accuracy}, {@code samples},
 * {@code timesteps}, {@code split}, {@code policy}, {@code exit.none}, {@code exit.bntt} (with
 * {@code exitStep} and {@code gammaThreshold}), {@code exit.confidence} (each with {@code accuracy}
 * and {@code meanTimesteps}), {@code accuracyAtStep}, {@code perClassAccuracy}, {@code confusion},
 * {@code spikeRate} (layer name to per-step rates), {@code energy.annJoules}, {@code
 * energy.snnJoules}, {@code energy.snnJoulesAtExit}, and with per-sample output {@code perSample}
 * as a list of {@code {id, label, predicted, exitStep}}. Non-finite numbers are written as null.
 */
public final class EvaluationJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationJson() {}

  /** The JSON tree. */
  public static ObjectNode tree(Evaluation e, boolean perSample) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", e.model());
    root.put("data", e.dataSource());
    root.put("split", e.split());
    num(root, "accuracy", e.accuracy());
    root.put("samples", e.samples());
    root.put("timesteps", e.timesteps());
    root.put("policy", e.policy());
    ObjectNode exit = root.putObject("exit");
    exitNode(exit.putObject("none"), e.none());
    ObjectNode bntt = exitNode(exit.putObject("bntt"), e.bntt());
    bntt.put("exitStep", e.bnttExitStep());
    num(bntt, "gammaThreshold", e.bnttGammaThreshold());
    exitNode(exit.putObject("confidence"), e.confidence());
    ArrayNode atStep = root.putArray("accuracyAtStep");
    for (double a : e.accuracyAtStep()) {
      add(atStep, a);
    }
    ObjectNode perClass = root.putObject("perClassAccuracy");
    for (int c = 0; c < e.classNames().size(); c++) {
      num(perClass, e.classNames().get(c), e.perClassAccuracy()[c]);
    }
    ArrayNode names = root.putArray("classes");
    e.classNames().forEach(names::add);
    ArrayNode confusion = root.putArray("confusion");
    for (long[] row : e.confusion()) {
      ArrayNode r = confusion.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    ObjectNode spikeRate = root.putObject("spikeRate");
    for (int l = 0; l < e.layerNames().size(); l++) {
      ArrayNode r = spikeRate.putArray(e.layerNames().get(l));
      for (double v : e.spikeRate()[l]) {
        add(r, v);
      }
    }
    ObjectNode energy = root.putObject("energy");
    num(energy, "annJoules", e.annJoules());
    num(energy, "snnJoules", e.snnJoules());
    num(energy, "snnJoulesAtExit", e.snnJoulesAtExit());
    if (perSample) {
      ArrayNode list = root.putArray("perSample");
      for (Evaluation.PerSample s : e.perSample()) {
        list.addObject()
            .put("id", s.id())
            .put("label", s.label())
            .put("predicted", s.predicted())
            .put("exitStep", s.exitStep());
      }
    }
    return root;
  }

  /** Pretty-printed JSON text. */
  public static String render(Evaluation e, boolean perSample) {
    try {
      return JSON.writeValueAsString(tree(e, perSample));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("cannot render evaluation JSON", ex);
    }
  }

  private static ObjectNode exitNode(ObjectNode node, Evaluation.ExitResult r) {
    num(node, "accuracy", r.accuracy());
    num(node, "meanTimesteps", r.meanTimesteps());
    return node;
  }

  private static void num(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  private static void add(ArrayNode node, double v) {
    if (Double.isFinite(v)) {
      node.add(v);
    } else {
      node.addNull();
    }
  }
}
