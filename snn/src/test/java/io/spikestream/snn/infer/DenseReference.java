package io.spikestream.snn.infer;

import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.List;

/**
 * Test oracle: a dense, straightforward implementation of DESIGN section 7 in double precision
 * (loops over every output and every input, (C, H, W) layout, no transposition, no sparsity). Not
 * for production: it only exists to check the event-driven kernel and the ND4J path against.
 */
final class DenseReference {

  /** What a full window produced. */
  record Result(
      double[][] logits, int[][] spikeCounts, double[][][] spikes, double[][][] membranes) {}

  private final NetworkConfig config;
  private final ModelParameters params;

  DenseReference(ModelParameters params) {
    this.params = params;
    this.config = params.config();
  }

  Result run(float[][] frames) {
    List<LayerShape> layers = config.layerShapes();
    int weightLayers = config.weightLayers().size();
    int steps = frames.length;
    double[][] u = new double[layers.size()][];
    for (int k = 0; k < layers.size(); k++) {
      u[k] = new double[layers.get(k).outSize()];
    }
    double[] logitSum = new double[config.classes()];
    double[][] logits = new double[steps][];
    int[][] counts = new int[steps][weightLayers];
    double[][][] spikes = new double[steps][weightLayers][];
    double[][][] membranes = new double[steps][weightLayers][];
    float[] wOut = params.outputWeight();
    for (int t = 0; t < steps; t++) {
      double[] x = new double[frames[t].length];
      for (int i = 0; i < x.length; i++) {
        x[i] = frames[t][i];
      }
      for (int k = 0; k < layers.size(); k++) {
        LayerShape s = layers.get(k);
        double[] current;
        switch (s.kind()) {
          case AVG_POOL -> {
            x = avgPool(x, s);
            continue;
          }
          case CONV3X3 -> current = conv(x, s, params.weight(s.weightIndex()));
          case LINEAR -> current = linear(x, s, params.weight(s.weightIndex()));
          default -> throw new AssertionError(s.kind());
        }
        int i = s.weightIndex();
        float[] gamma = params.gamma(i);
        float[] mean = params.runningMean(i);
        float[] var = params.runningVar(i);
        int channels = s.outChannels();
        int per = s.outHeight() * s.outWidth();
        double[] out = new double[s.outSize()];
        for (int n = 0; n < out.length; n++) {
          int c = n / per;
          int j = t * channels + c;
          double bn = gamma[j] * (current[n] - mean[j]) / Math.sqrt(var[j] + config.bnEps());
          double v = config.leak() * u[k][n] + bn;
          if (v > config.threshold()) {
            out[n] = 1.0;
            v -= config.threshold();
            counts[t][i]++;
          }
          u[k][n] = v;
        }
        spikes[t][i] = out.clone();
        membranes[t][i] = u[k].clone();
        x = out;
      }
      int in = x.length;
      for (int c = 0; c < config.classes(); c++) {
        double acc = 0;
        for (int j = 0; j < in; j++) {
          acc += wOut[c * in + j] * x[j];
        }
        logitSum[c] += acc;
      }
      logits[t] = new double[config.classes()];
      for (int c = 0; c < config.classes(); c++) {
        logits[t][c] = logitSum[c] / (t + 1);
      }
    }
    return new Result(logits, counts, spikes, membranes);
  }

  private static double[] conv(double[] x, LayerShape s, float[] w) {
    int h = s.inHeight();
    int wd = s.inWidth();
    int in = s.inChannels();
    double[] out = new double[s.outSize()];
    for (int o = 0; o < s.outChannels(); o++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < wd; xx++) {
          double acc = 0;
          for (int c = 0; c < in; c++) {
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int iy = y + ky - 1;
                int ix = xx + kx - 1;
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                  acc += w[((o * in + c) * 3 + ky) * 3 + kx] * x[(c * h + iy) * wd + ix];
                }
              }
            }
          }
          out[(o * h + y) * wd + xx] = acc;
        }
      }
    }
    return out;
  }

  private static double[] linear(double[] x, LayerShape s, float[] w) {
    int in = s.inSize();
    double[] out = new double[s.outChannels()];
    for (int o = 0; o < out.length; o++) {
      double acc = 0;
      for (int j = 0; j < in; j++) {
        acc += w[o * in + j] * x[j];
      }
      out[o] = acc;
    }
    return out;
  }

  private static double[] avgPool(double[] x, LayerShape s) {
    int p = s.poolSize();
    double[] out = new double[s.outSize()];
    for (int c = 0; c < s.outChannels(); c++) {
      for (int y = 0; y < s.outHeight(); y++) {
        for (int xx = 0; xx < s.outWidth(); xx++) {
          double acc = 0;
          for (int dy = 0; dy < p; dy++) {
            for (int dx = 0; dx < p; dx++) {
              acc += x[(c * s.inHeight() + y * p + dy) * s.inWidth() + xx * p + dx];
            }
          }
          out[(c * s.outHeight() + y) * s.outWidth() + xx] = acc / (p * p);
        }
      }
    }
    return out;
  }
}
