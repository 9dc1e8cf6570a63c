package io.spikestream.snn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spikestream.snn.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkConfigTest {

  @Test
  void derivesShapesOfTheNmnistNetwork() {
    NetworkConfig c = NetworkConfig.of(Architecture.parse("c32-p2-c64-p2-f256"), 2, 34, 34, 10, 20);
    List<LayerShape> s = c.layerShapes();
    assertThat(s).hasSize(5);
    assertThat(s.get(0)).isEqualTo(new LayerShape(LayerKind.CONV3X3, 0, 0, 2, 34, 34, 32, 34, 34));
    assertThat(s.get(1))
        .isEqualTo(new LayerShape(LayerKind.AVG_POOL, -1, 2, 32, 34, 34, 32, 17, 17));
    assertThat(s.get(2)).isEqualTo(new LayerShape(LayerKind.CONV3X3, 1, 0, 32, 17, 17, 64, 17, 17));
    // 17 -> 8: pooling floors odd sizes as PyTorch's AvgPool2d(2).
    assertThat(s.get(3)).isEqualTo(new LayerShape(LayerKind.AVG_POOL, -1, 2, 64, 17, 17, 64, 8, 8));
    assertThat(s.get(4)).isEqualTo(new LayerShape(LayerKind.LINEAR, 2, 0, 64, 8, 8, 256, 1, 1));
    assertThat(s.get(4).weightShape()).containsExactly(256, 64 * 8 * 8);
    assertThat(c.outputInFeatures()).isEqualTo(256);
    assertThat(c.weightLayers()).extracting(LayerShape::weightIndex).containsExactly(0, 1, 2);
    assertThat(c.frameSize()).isEqualTo(2 * 34 * 34);
    assertThat(c.leak()).isEqualTo(0.95);
    assertThat(c.threshold()).isEqualTo(1.0);
    assertThat(c.bnEps()).isEqualTo(1e-4);
  }

  @Test
  void errorsNameTheFieldAndTheValue() {
    Architecture a = Architecture.parse("c4-f8");
    assertThatThrownBy(() -> new NetworkConfig(a, 0, 4, 4, 10, 5, 0.9, 1, 1e-4))
        .hasMessage("inChannels must be >= 1, got 0");
    assertThatThrownBy(() -> new NetworkConfig(a, 2, 4, 4, 1, 5, 0.9, 1, 1e-4))
        .hasMessage("classes must be >= 2, got 1");
    assertThatThrownBy(() -> new NetworkConfig(a, 2, 4, 4, 10, 5, 1.5, 1, 1e-4))
        .hasMessage("leak must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> new NetworkConfig(a, 2, 4, 4, 10, 5, 0.9, 0, 1e-4))
        .hasMessage("threshold must be > 0 and finite, got 0.0");
    assertThatThrownBy(() -> new NetworkConfig(a, 2, 4, 4, 10, 5, 0.9, 1, 0))
        .hasMessage("bnEps must be > 0 and finite, got 0.0");
    assertThatThrownBy(() -> NetworkConfig.of(Architecture.parse("c4-p4-p4"), 2, 8, 8, 10, 5))
        .hasMessageContaining("pool p4 shrinks a 2x2 input to nothing");
  }
}
