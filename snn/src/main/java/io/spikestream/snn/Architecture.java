package io.spikestream.snn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network architecture as data: the hidden layers in order, as a spec string such as {@code
 * c32-p2-c64-p2-f256} ({@code cN} = 3x3 conv with N channels, {@code pK} = K x K average pooling,
 * {@code fN} = linear with N features). The non-spiking output layer (one unit per class) is
 * implicit and always last.
 *
 * <p>Weight layers (conv and linear) are numbered 0, 1, 2, ... in order, skipping pools; that index
 * names their tensors in the artifact ({@code layers.<i>.weight}, DESIGN section 9).
 */
public record Architecture(List<LayerSpec> layers) {

  /** The paper's VGG9 (Kim and Panda 2021, CIFAR-10 / DVS-CIFAR10). */
  public static final String VGG9 = "c64-c64-p2-c128-c128-p2-c256-c256-c256-p2-f1024";

  /** The paper's VGG11 (CIFAR-100 setting). */
  public static final String VGG11 = "c64-p2-c128-p2-c256-c256-p2-c512-c512-p2-c512-c512-f4096";

  private static final Map<String, String> NAMED = Map.of("vgg9", VGG9, "vgg11", VGG11);

  public Architecture {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("architecture has no hidden layers");
    }
    boolean seenLinear = false;
    for (LayerSpec layer : layers) {
      if (layer instanceof LayerSpec.Linear) {
        seenLinear = true;
      } else if (seenLinear) {
        throw new IllegalArgumentException(
            "layer " + layer.token() + " after a linear layer: convs and pools must come first");
      }
    }
  }

  /**
   * Parses a spec string ({@code c32-p2-c64-p2-f256}) or a name ({@code vgg9}, {@code vgg11}).
   *
   * @throws IllegalArgumentException naming the bad token
   */
  public static Architecture parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("architecture spec is empty");
    }
    String s = NAMED.getOrDefault(spec.trim().toLowerCase(Locale.ROOT), spec.trim());
    List<LayerSpec> out = new ArrayList<>();
    for (String token : s.split("-")) {
      if (token.length() < 2) {
        throw new IllegalArgumentException(
            "bad layer token '" + token + "' in architecture '" + spec + "'");
      }
      int n;
      try {
        n = Integer.parseInt(token.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad layer token '" + token + "' in architecture '" + spec + "': expected cN, pN or fN",
            e);
      }
      out.add(
          switch (token.charAt(0)) {
            case 'c' -> new LayerSpec.Conv3x3(n);
            case 'p' -> new LayerSpec.AvgPool(n);
            case 'f' -> new LayerSpec.Linear(n);
            default ->
                throw new IllegalArgumentException(
                    "bad layer token '"
                        + token
                        + "' in architecture '"
                        + spec
                        + "': expected cN, pN or fN");
          });
    }
    return new Architecture(out);
  }

  /** The canonical spec string, e.g. {@code c32-p2-c64-p2-f256}. */
  public String spec() {
    StringBuilder sb = new StringBuilder();
    for (LayerSpec layer : layers) {
      if (sb.length() > 0) {
        sb.append('-');
      }
      sb.append(layer.token());
    }
    return sb.toString();
  }

  /** Number of weight layers (conv and linear), i.e. of BNTT layers. */
  public int weightLayerCount() {
    int n = 0;
    for (LayerSpec layer : layers) {
      if (!(layer instanceof LayerSpec.AvgPool)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return spec();
  }
}
