package io.spikestream.dvs.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticScenesTest {

  @Test
  void sameSeedGivesSameImagesAndLabelsCycleThroughTheClasses() {
    SyntheticScenes a = new SyntheticScenes(30, 7);
    SyntheticScenes b = new SyntheticScenes(30, 7);
    for (int i = 0; i < 30; i++) {
      assertThat(a.get(i).label()).isEqualTo(i % 10);
      assertThat(a.get(i).image().pixels()).isEqualTo(b.get(i).image().pixels());
    }
  }

  @Test
  void everyClassDrawsAShapeAndClassesDiffer() {
    SyntheticScenes scenes = new SyntheticScenes(10, 1);
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      byte[] p = scenes.get(i).image().pixels();
      int lit = 0;
      for (byte v : p) {
        if (v != 0) {
          lit++;
        }
      }
      assertThat(lit).as("lit pixels of class %d", i).isBetween(15, 28 * 28 / 2);
      distinct.add(java.util.Arrays.toString(p));
    }
    assertThat(distinct).hasSize(10);
  }

  @Test
  void otherSeedsMoveTheShapes() {
    assertThat(new SyntheticScenes(1, 1).get(0).image().pixels())
        .isNotEqualTo(new SyntheticScenes(1, 2).get(0).image().pixels());
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new SyntheticScenes(0, 1)).hasMessageContaining("size");
    assertThatThrownBy(() -> new SyntheticScenes(3, 1).get(3)).hasMessageContaining("outside");
  }
}
