package io.spikestream.snn.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The learnt tensors of a BNTT network (DESIGN sections 7 and 9), immutable, each a flat float32
 * array in C order under its artifact name:
 *
 * <ul>
 *   <li>{@code layers.<i>.weight}: conv {@code [out, in, 3, 3]}, linear {@code [out, in]} (PyTorch
 *       layout);
 *   <li>{@code layers.<i>.bntt.gamma}, {@code layers.<i>.bntt.runningMean}, {@code
 *       layers.<i>.bntt.runningVar}: {@code [T, C]}, one row per timestep (BNTT);
 *   <li>{@code output.weight}: {@code [classes, in]}.
 * </ul>
 *
 * <p>Accessors return copies, so an instance can be shared between threads and kernels.
 */
public final class ModelParameters {

  /** Name of the output layer's weight tensor. */
  public static final String OUTPUT_WEIGHT = "output.weight";

  private final NetworkConfig config;
  private final Map<String, float[]> tensors;

  private ModelParameters(NetworkConfig config, Map<String, float[]> tensors) {
    this.config = config;
    this.tensors = tensors;
  }

  /** Artifact name of weight layer {@code i}'s weight. */
  public static String weightName(int i) {
    return "layers." + i + ".weight";
  }

  /** Artifact name of weight layer {@code i}'s BNTT γ. */
  public static String gammaName(int i) {
    return "layers." + i + ".bntt.gamma";
  }

  /** Artifact name of weight layer {@code i}'s BNTT running mean. */
  public static String runningMeanName(int i) {
    return "layers." + i + ".bntt.runningMean";
  }

  /** Artifact name of weight layer {@code i}'s BNTT running variance. */
  public static String runningVarName(int i) {
    return "layers." + i + ".bntt.runningVar";
  }

  /**
   * Every tensor the network needs, name to shape, in the canonical order (per weight layer:
   * weight, gamma, runningMean, runningVar; then {@code output.weight}).
   */
  public static Map<String, int[]> expectedShapes(NetworkConfig config) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    int t = config.timesteps();
    for (LayerShape layer : config.weightLayers()) {
      int i = layer.weightIndex();
      shapes.put(weightName(i), layer.weightShape());
      shapes.put(gammaName(i), new int[] {t, layer.outChannels()});
      shapes.put(runningMeanName(i), new int[] {t, layer.outChannels()});
      shapes.put(runningVarName(i), new int[] {t, layer.outChannels()});
    }
    shapes.put(OUTPUT_WEIGHT, new int[] {config.classes(), config.outputInFeatures()});
    return shapes;
  }

  /**
   * Parameters from named flat arrays (copied).
   *
   * @throws IllegalArgumentException naming a missing or unexpected tensor, or a tensor whose
   *     length does not match its expected shape, or a running variance below zero or a non-finite
   *     value
   */
  public static ModelParameters of(NetworkConfig config, Map<String, float[]> tensors) {
    Map<String, int[]> expected = expectedShapes(config);
    for (String name : tensors.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(
            "unexpected tensor '"
                + name
                + "' for architecture "
                + config.architecture().spec()
                + "; expected "
                + expected.keySet());
      }
    }
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      float[] values = tensors.get(e.getKey());
      if (values == null) {
        throw new IllegalArgumentException("missing tensor '" + e.getKey() + "'");
      }
      long n = elementCount(e.getValue());
      if (values.length != n) {
        throw new IllegalArgumentException(
            "tensor '"
                + e.getKey()
                + "' has "
                + values.length
                + " values, expected "
                + n
                + " for shape "
                + Arrays.toString(e.getValue()));
      }
      for (int k = 0; k < values.length; k++) {
        if (!Float.isFinite(values[k])) {
          throw new IllegalArgumentException(
              "tensor '" + e.getKey() + "' holds " + values[k] + " at flat index " + k);
        }
      }
      if (e.getKey().endsWith(".runningVar")) {
        for (int k = 0; k < values.length; k++) {
          if (values[k] < 0) {
            throw new IllegalArgumentException(
                "tensor '" + e.getKey() + "' holds a negative variance " + values[k] + " at " + k);
          }
        }
      }
      copy.put(e.getKey(), values.clone());
    }
    return new ModelParameters(config, Collections.unmodifiableMap(copy));
  }

  /**
   * Freshly initialised parameters (DESIGN section 7): weights Xavier-uniform with gain 2, {@code
   * U(-a, a)}, {@code a = 2 * sqrt(6 / (fanIn + fanOut))} with PyTorch's fans (conv: channels x 9);
   * γ = 1, running mean 0, running variance 1. Deterministic for a seed.
   */
  public static ModelParameters initialise(NetworkConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : expectedShapes(config).entrySet()) {
      String name = e.getKey();
      int[] shape = e.getValue();
      float[] values = new float[(int) elementCount(shape)];
      if (name.endsWith(".weight")) {
        int receptive = shape.length == 4 ? shape[2] * shape[3] : 1;
        double fanIn = (double) shape[1] * receptive;
        double fanOut = (double) shape[0] * receptive;
        double bound = 2.0 * Math.sqrt(6.0 / (fanIn + fanOut));
        for (int k = 0; k < values.length; k++) {
          values[k] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
      } else if (name.endsWith(".gamma") || name.endsWith(".runningVar")) {
        Arrays.fill(values, 1f);
      }
      tensors.put(name, values);
    }
    return of(config, tensors);
  }

  /** The network these tensors belong to. */
  public NetworkConfig config() {
    return config;
  }

  /** Tensor names in canonical order. */
  public List<String> names() {
    return List.copyOf(tensors.keySet());
  }

  /** The PyTorch shape of a tensor. */
  public int[] shape(String name) {
    int[] shape = expectedShapes(config).get(name);
    if (shape == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return shape;
  }

  /** A copy of the named tensor, flat in C order. */
  public float[] tensor(String name) {
    float[] values = tensors.get(name);
    if (values == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return values.clone();
  }

  /** Copies of all tensors, name to flat array, canonical order. */
  public Map<String, float[]> tensors() {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** Weight layer {@code i}'s weight, PyTorch layout. */
  public float[] weight(int i) {
    return tensor(weightName(i));
  }

  /** Weight layer {@code i}'s γ, {@code [T, C]}. */
  public float[] gamma(int i) {
    return tensor(gammaName(i));
  }

  /** Weight layer {@code i}'s running mean, {@code [T, C]}. */
  public float[] runningMean(int i) {
    return tensor(runningMeanName(i));
  }

  /** Weight layer {@code i}'s running variance, {@code [T, C]}. */
  public float[] runningVar(int i) {
    return tensor(runningVarName(i));
  }

  /** The output layer's weight, {@code [classes, in]}. */
  public float[] outputWeight() {
    return tensor(OUTPUT_WEIGHT);
  }

  /** A copy of these parameters with one tensor replaced (validated as in {@link #of}). */
  public ModelParameters with(String name, float[] values) {
    Map<String, float[]> next = new LinkedHashMap<>(tensors);
    if (!next.containsKey(name)) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    next.put(name, values);
    return of(config, next);
  }

  static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
