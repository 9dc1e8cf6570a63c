package io.spikestream.snn.energy;

import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.NetworkConfig;
import java.util.List;

/**
 * Energy of one inference, ANN versus SNN, as the BNTT paper estimates it (DESIGN section 7).
 *
 * <p>ANN: every weight layer (and the output layer) runs densely once, {@code FLOPs_l = outputs_l ×
 * fanIn_l} multiply-accumulates at {@link #MAC_PICOJOULES}. SNN: in every timestep a weight layer
 * only does work for its non-zero inputs, {@code FLOPs_l × (active inputs_l[t] / inputs_l)}
 * accumulates at {@link #AC_PICOJOULES} — that is, synaptic operations = input spikes × average
 * fan-out. Pooling is not counted (as in the paper). Count-valued frames and pooled inputs are
 * counted as accumulates as the paper's spike-rate formula does, although a kernel multiplies them.
 *
 * @param annMacs dense multiply-accumulates of the equivalent ANN, one pass
 * @param snnAccumulates synaptic operations of the SNN over the steps run
 * @param steps timesteps the SNN ran
 */
public record EnergyEstimate(double annMacs, double snnAccumulates, int steps) {

  /** Energy of a 32-bit float multiply-accumulate in 45 nm CMOS (Horowitz 2014), picojoules. */
  public static final double MAC_PICOJOULES = 4.6;

  /** Energy of a 32-bit float accumulate in 45 nm CMOS, picojoules. */
  public static final double AC_PICOJOULES = 0.9;

  public EnergyEstimate {
    if (!(annMacs >= 0) || !(snnAccumulates >= 0) || steps < 0) {
      throw new IllegalArgumentException(
          "annMacs, snnAccumulates and steps must be >= 0, got "
              + annMacs
              + ", "
              + snnAccumulates
              + ", "
              + steps);
    }
  }

  /**
   * The estimate for one window.
   *
   * @param activeInputs {@code [steps][weightLayers + 1]}: non-zero inputs into each weight layer
   *     and, last, into the output layer, per step (as {@code WindowTrace.activeInputs()} holds)
   */
  public static EnergyEstimate of(NetworkConfig config, int[][] activeInputs) {
    List<LayerShape> layers = config.weightLayers();
    double ann = 0;
    double[] flops = new double[layers.size() + 1];
    double[] inputs = new double[layers.size() + 1];
    for (int i = 0; i < layers.size(); i++) {
      LayerShape l = layers.get(i);
      flops[i] = (double) l.outSize() * l.fanIn();
      inputs[i] = l.inSize();
      ann += flops[i];
    }
    flops[layers.size()] = (double) config.classes() * config.outputInFeatures();
    inputs[layers.size()] = config.outputInFeatures();
    ann += flops[layers.size()];
    double snn = 0;
    for (int t = 0; t < activeInputs.length; t++) {
      if (activeInputs[t].length != flops.length) {
        throw new IllegalArgumentException(
            "activeInputs["
                + t
                + "] has "
                + activeInputs[t].length
                + " entries, expected "
                + flops.length
                + " (weight layers + output)");
      }
      for (int i = 0; i < flops.length; i++) {
        snn += flops[i] * (activeInputs[t][i] / inputs[i]);
      }
    }
    return new EnergyEstimate(ann, snn, activeInputs.length);
  }

  /** ANN energy in picojoules. */
  public double annPicojoules() {
    return annMacs * MAC_PICOJOULES;
  }

  /** SNN energy in picojoules. */
  public double snnPicojoules() {
    return snnAccumulates * AC_PICOJOULES;
  }

  /** How many times less energy the SNN needs than the ANN ({@code E_ANN / E_SNN}). */
  public double annOverSnn() {
    return snnAccumulates == 0 ? Double.POSITIVE_INFINITY : annPicojoules() / snnPicojoules();
  }
}
