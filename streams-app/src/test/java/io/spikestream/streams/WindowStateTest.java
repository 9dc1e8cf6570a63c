package io.spikestream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowStateTest {

  @Test
  void metaAndBinsRoundTripToTheSameWindow() {
    int frameSize = 8;
    WindowState s = new WindowState();
    s.modelVersion = 7;
    s.sampleId = "cam-1/s";
    s.label = 3;
    s.windowStartMicros = -5;
    s.durationMicros = 1_000;
    s.stepsRun = 2;
    s.lastWallMillis = 99;
    s.frames = new float[3 * frameSize];
    s.frames[1] = 2;
    s.frames[frameSize + 7] = 1;
    s.frames[2 * frameSize] = 5;

    WindowState back = WindowState.fromBytes(s.metaBytes());
    assertThat(back.frames).hasSize(3 * frameSize).containsOnly(0f);
    for (int b = 0; b < 3; b++) {
      back.readBin(b, frameSize, s.binBytes(b, frameSize));
    }
    assertThat(back.frames).containsExactly(s.frames);
    assertThat(back.sampleId).isEqualTo("cam-1/s");
    assertThat(back.label).isEqualTo(3);
    assertThat(back.labelName).isNull();
    assertThat(back.windowStartMicros).isEqualTo(-5);
    assertThat(back.stepsRun).isEqualTo(2);
    assertThat(back.modelVersion).isEqualTo(7);
    assertThat(back.lastWallMillis).isEqualTo(99);
    assertThat(s.binBytes(1, frameSize)).hasSize(4 + 8);
  }

  @Test
  void anExitedWindowHasNoFrames() {
    WindowState s = new WindowState();
    s.exited = true;
    WindowState back = WindowState.fromBytes(s.metaBytes());
    assertThat(back.exited).isTrue();
    assertThat(back.frames).isNull();
    assertThat(WindowState.binKey("a", 3)).isEqualTo("a\u00003");
  }
}
