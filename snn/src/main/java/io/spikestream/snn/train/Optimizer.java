package io.spikestream.snn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Applies {@link OptimizerConfig} updates to named parameters in place; holds the per-parameter
 * state (SGD momentum buffers, Adam moments and step count), which {@link #state()} and {@link
 * #restore} expose for checkpoints.
 *
 * <p>SGD as PyTorch: {@code g ← g + wd·p; buf ← μ·buf + g (buf = g on the first step); p ← p −
 * lr·buf}. Adam as PyTorch: {@code g ← g + wd·p; m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p −
 * lr · (m / (1−β1^k)) / (sqrt(v / (1−β2^k)) + ε)}.
 */
public final class Optimizer {

  private final OptimizerConfig config;
  private final Map<String, INDArray> first = new LinkedHashMap<>();
  private final Map<String, INDArray> second = new LinkedHashMap<>();
  private long steps;

  public Optimizer(OptimizerConfig config) {
    this.config = config;
  }

  public OptimizerConfig config() {
    return config;
  }

  /** Updates every parameter that has a gradient; gradients are consumed (modified). */
  public void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients, double lr) {
    steps++;
    for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
      INDArray g = gradients.get(e.getKey());
      if (g == null) {
        continue;
      }
      INDArray p = e.getValue();
      if (config.weightDecay() > 0) {
        g.addi(p.mul(config.weightDecay()));
      }
      switch (config.kind()) {
        case SGD -> {
          INDArray buf = first.get(e.getKey());
          if (buf == null) {
            buf = g.dup('c');
            first.put(e.getKey(), buf);
          } else {
            buf.muli(config.momentum()).addi(g);
          }
          p.subi(buf.mul(lr));
        }
        case ADAM -> {
          INDArray m = first.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
          INDArray v = second.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
          m.muli(config.beta1()).addi(g.mul(1 - config.beta1()));
          v.muli(config.beta2()).addi(g.mul(g).muli(1 - config.beta2()));
          double c1 = 1 - Math.pow(config.beta1(), steps);
          double c2 = 1 - Math.pow(config.beta2(), steps);
          INDArray denom = Transforms.sqrt(v.div(c2), false).addi(config.adamEpsilon());
          p.subi(m.div(denom).muli(lr / c1));
        }
      }
    }
  }

  /** Number of steps taken. */
  public long steps() {
    return steps;
  }

  /**
   * Copies of the optimiser state: {@code <param>.momentum} (SGD) or {@code <param>.adam.m} and
   * {@code <param>.adam.v}, plus {@code steps} as a scalar. The moment tensors have the shapes of
   * {@link BnttNetwork#trainableParameters()} (internal layouts: conv {@code [3, 3, in, out]},
   * linear {@code [in, out]}), not the artifact layouts; restore them into a network of the same
   * configuration.
   */
  public Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    String a = config.kind() == OptimizerKind.SGD ? ".momentum" : ".adam.m";
    first.forEach((k, v) -> out.put(k + a, v.dup('c')));
    second.forEach((k, v) -> out.put(k + ".adam.v", v.dup('c')));
    out.put("steps", Nd4j.scalar((double) steps));
    return out;
  }

  /** Restores a {@link #state()} (of the same optimiser kind). */
  public void restore(Map<String, INDArray> state) {
    first.clear();
    second.clear();
    INDArray s = state.get("steps");
    if (s == null) {
      throw new IllegalArgumentException("optimizer state has no 'steps' entry");
    }
    steps = (long) s.getDouble(0);
    String a = config.kind() == OptimizerKind.SGD ? ".momentum" : ".adam.m";
    for (Map.Entry<String, INDArray> e : state.entrySet()) {
      String k = e.getKey();
      if (k.endsWith(a)) {
        first.put(k.substring(0, k.length() - a.length()), e.getValue().dup('c'));
      } else if (k.endsWith(".adam.v")) {
        second.put(k.substring(0, k.length() - ".adam.v".length()), e.getValue().dup('c'));
      } else if (!k.equals("steps")) {
        throw new IllegalArgumentException(
            "optimizer state entry '" + k + "' does not belong to a " + config.kind() + " state");
      }
    }
  }
}
