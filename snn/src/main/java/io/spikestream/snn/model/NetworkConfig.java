package io.spikestream.snn.model;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape and neuron constants of a BNTT network for inference (DESIGN section 7): hidden layers,
 * input {@code C x H x W}, classes, timesteps T, leak λ, threshold θ and the BNTT ε.
 *
 * @param architecture hidden layers, e.g. {@code c32-p2-c64-p2-f256}
 * @param inChannels input channels C (2 for DVS polarity frames)
 * @param height input height H
 * @param width input width W
 * @param classes output units, >= 2
 * @param timesteps T, >= 1
 * @param leak λ in {@code (0, 1]}
 * @param threshold θ, > 0
 * @param bnEps ε of BNTT, > 0
 */
public record NetworkConfig(
    Architecture architecture,
    int inChannels,
    int height,
    int width,
    int classes,
    int timesteps,
    double leak,
    double threshold,
    double bnEps) {

  /** DESIGN section 7: λ = 0.95. */
  public static final double DEFAULT_LEAK = 0.95;

  /** DESIGN section 7: θ = 1.0. */
  public static final double DEFAULT_THRESHOLD = 1.0;

  /** DESIGN section 7: ε = 1e-4. */
  public static final double DEFAULT_BN_EPS = 1e-4;

  public NetworkConfig {
    if (architecture == null) {
      throw new IllegalArgumentException("architecture must be set, got null");
    }
    positive("inChannels", inChannels);
    positive("height", height);
    positive("width", width);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
    positive("timesteps", timesteps);
    if (!(leak > 0 && leak <= 1)) {
      throw new IllegalArgumentException("leak must be in (0, 1], got " + leak);
    }
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be > 0 and finite, got " + threshold);
    }
    if (!(bnEps > 0) || Double.isInfinite(bnEps)) {
      throw new IllegalArgumentException("bnEps must be > 0 and finite, got " + bnEps);
    }
    shapes(architecture, inChannels, height, width);
  }

  /** A network with the DESIGN defaults for λ, θ and ε. */
  public static NetworkConfig of(
      Architecture architecture,
      int inChannels,
      int height,
      int width,
      int classes,
      int timesteps) {
    return new NetworkConfig(
        architecture,
        inChannels,
        height,
        width,
        classes,
        timesteps,
        DEFAULT_LEAK,
        DEFAULT_THRESHOLD,
        DEFAULT_BN_EPS);
  }

  /**
   * The hidden layers with their input and output shapes: conv keeps {@code H x W}, pooling floors
   * odd sizes (17 -> 8, PyTorch {@code AvgPool2d}), a linear layer flattens its input in {@code (C,
   * H, W)} order (DESIGN section 9).
   */
  public List<LayerShape> layerShapes() {
    return shapes(architecture, inChannels, height, width);
  }

  /** Only the weight layers (conv and linear), in weight-index order. */
  public List<LayerShape> weightLayers() {
    List<LayerShape> out = new ArrayList<>();
    for (LayerShape s : layerShapes()) {
      if (s.hasWeights()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Features entering the output layer (the last hidden layer's output size). */
  public int outputInFeatures() {
    List<LayerShape> shapes = layerShapes();
    return shapes.get(shapes.size() - 1).outSize();
  }

  /** Floats in one input frame, {@code C * H * W}. */
  public int frameSize() {
    return inChannels * height * width;
  }

  private static List<LayerShape> shapes(Architecture architecture, int c, int h, int w) {
    List<LayerShape> out = new ArrayList<>();
    int weightIndex = 0;
    for (LayerSpec spec : architecture.layers()) {
      LayerShape shape;
      if (spec instanceof LayerSpec.Conv3x3 conv) {
        shape =
            new LayerShape(LayerKind.CONV3X3, weightIndex++, 0, c, h, w, conv.outChannels(), h, w);
      } else if (spec instanceof LayerSpec.AvgPool pool) {
        int oh = h / pool.size();
        int ow = w / pool.size();
        if (oh < 1 || ow < 1) {
          throw new IllegalArgumentException(
              "pool "
                  + spec.token()
                  + " shrinks a "
                  + h
                  + "x"
                  + w
                  + " input to nothing in architecture '"
                  + architecture.spec()
                  + "'");
        }
        shape = new LayerShape(LayerKind.AVG_POOL, -1, pool.size(), c, h, w, c, oh, ow);
      } else {
        LayerSpec.Linear linear = (LayerSpec.Linear) spec;
        shape =
            new LayerShape(LayerKind.LINEAR, weightIndex++, 0, c, h, w, linear.outFeatures(), 1, 1);
      }
      out.add(shape);
      c = shape.outChannels();
      h = shape.outHeight();
      w = shape.outWidth();
    }
    return List.copyOf(out);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be >= 1, got " + value);
    }
  }
}
