package io.spikestream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowStateTest {

  private static WindowState window(int bins, int frameSize) {
    WindowState s = new WindowState();
    s.modelVersion = 7;
    s.sampleId = "cam-1/s";
    s.label = 3;
    s.windowStartMicros = -5;
    s.durationMicros = 1_000;
    s.stepsRun = 2;
    s.lastWallMillis = 99;
    s.frames = new float[bins * frameSize];
    return s;
  }

  @Test
  void metaAndBinsRoundTripToTheSameWindow() {
    int frameSize = 8;
    WindowState s = window(3, frameSize);
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
    // one non-zero pixel: tag, count, gap, value
    assertThat(s.binBytes(1, frameSize)).containsExactly(2, 1, 7, 1);
  }

  @Test
  void aDenseCountFrameCostsAboutOneBytePerPixel() {
    int frameSize = 2 * 48 * 48;
    WindowState s = window(2, frameSize);
    Random random = new Random(1);
    for (int i = 0; i < frameSize; i++) {
      s.frames[frameSize + i] = random.nextInt(10); // bin 1: counts 0..9, ~90 % non-zero
    }
    s.frames[frameSize + 17] = 300; // a two-byte varint
    byte[] dense = s.binBytes(1, frameSize);
    assertThat(dense[0]).isEqualTo(WindowState.BinEncoding.DENSE_COUNTS.tag());
    assertThat(dense).hasSize(1 + frameSize + 1);
    byte[] empty = s.binBytes(0, frameSize);
    assertThat(empty).containsExactly(WindowState.BinEncoding.SPARSE_COUNTS.tag(), 0);

    WindowState back = WindowState.fromBytes(s.metaBytes());
    back.readBin(1, frameSize, dense);
    back.readBin(0, frameSize, empty);
    assertThat(back.frames).containsExactly(s.frames);
  }

  @Test
  void nonIntegerValuesKeepTheirFloatBits() {
    int frameSize = 16;
    WindowState s = window(1, frameSize);
    s.frames[0] = 0.5f;
    s.frames[3] = 2;
    s.frames[15] = -1e-7f;
    byte[] bytes = s.binBytes(0, frameSize);
    assertThat(bytes[0]).isEqualTo(WindowState.BinEncoding.SPARSE_FLOATS.tag());
    WindowState back = WindowState.fromBytes(s.metaBytes());
    back.readBin(0, frameSize, bytes);
    assertThat(back.frames).containsExactly(s.frames);
  }

  @Test
  void windowsWrittenInTheVersion1LayoutAreStillRead() {
    int frameSize = 8;
    WindowState s = window(2, frameSize);
    s.frames[3] = 4;
    s.frames[frameSize + 5] = 1;
    // version 1: same fields, then frames length and an always-empty inline list (nonZero = 0)
    byte[] meta = s.metaBytes();
    byte[] legacy = Arrays.copyOf(meta, meta.length + 4);
    legacy[0] = 1;
    WindowState back = WindowState.fromBytes(legacy);
    assertThat(back.stepsRun).isEqualTo(2);
    for (int b = 0; b < 2; b++) {
      // version-1 bins: int count, then (int pixel, float value) pairs
      ByteBuffer bin = ByteBuffer.allocate(4 + 8);
      bin.putInt(1).putInt(b == 0 ? 3 : 5).putFloat(b == 0 ? 4 : 1);
      back.readBin(b, frameSize, bin.array());
    }
    assertThat(back.frames).containsExactly(s.frames);
  }

  @Test
  void brokenEntriesAreRejectedWithTheProblem() {
    int frameSize = 8;
    WindowState s = window(1, frameSize);
    s.frames[2] = 1;
    byte[] good = s.binBytes(0, frameSize);
    WindowState back = WindowState.fromBytes(s.metaBytes());
    assertThatThrownBy(() -> back.readBin(0, frameSize, Arrays.copyOf(good, good.length - 1)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> back.readBin(0, frameSize, Arrays.copyOf(good, good.length + 1)))
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> back.readBin(0, frameSize, new byte[] {9}))
        .hasMessageContaining("tag 9");
    assertThatThrownBy(() -> back.readBin(0, frameSize, new byte[] {2, 1, 8, 1}))
        .hasMessageContaining("pixel 8");
    byte[] meta = s.metaBytes();
    meta[0] = 3;
    assertThatThrownBy(() -> WindowState.fromBytes(meta)).hasMessageContaining("format 3");
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

  @Test
  void trackedBinsEncodeExactlyAsTheScanDoes() {
    int frameSize = 2 * 34 * 34;
    Random random = new Random(42);
    // sparse bins, dense bins, counts of 128 and more (two-byte varints), empty bins; COUNT and
    // BINARY values
    int[] eventsPerBin = {0, 1, 200, 1_500, 3_000, 40_000, 300};
    for (boolean count : new boolean[] {true, false}) {
      WindowState s = window(eventsPerBin.length, frameSize);
      s.track(frameSize, true);
      for (int b = 0; b < eventsPerBin.length; b++) {
        // a few hot pixels so that some counts pass 127 in the large bins
        for (int e = 0; e < eventsPerBin[b]; e++) {
          int pixel = random.nextInt(4) == 0 ? random.nextInt(8) : random.nextInt(frameSize);
          s.add(b, pixel, count);
        }
        // the open bin is encoded after every packet: encoding must not disturb later adds
        assertThat(s.binBytes(b)).containsExactly(s.binBytes(b, frameSize));
        s.add(b, random.nextInt(frameSize), count);
        assertThat(s.binBytes(b)).containsExactly(s.binBytes(b, frameSize));
      }
      // a window read back from the store is tracked from its frames
      WindowState back = WindowState.fromBytes(s.metaBytes());
      for (int b = 0; b < eventsPerBin.length; b++) {
        back.readBin(b, frameSize, s.binBytes(b));
      }
      back.track(frameSize, false);
      for (int b = 0; b < eventsPerBin.length; b++) {
        back.add(b, 5, count);
        s.add(b, 5, count);
        assertThat(back.binBytes(b)).containsExactly(s.binBytes(b, frameSize));
      }
      assertThat(back.frames).containsExactly(s.frames);
    }
  }

  @Test
  void aStoredWindowWithNonCountValuesIsEncodedByScanning() {
    int frameSize = 16;
    WindowState s = window(2, frameSize);
    s.frames[3] = 0.5f;
    s.track(frameSize, false);
    s.add(0, 3, true);
    s.add(1, 7, true);
    assertThat(s.frames[3]).isEqualTo(1.5f);
    assertThat(s.binBytes(0)).containsExactly(s.binBytes(0, frameSize));
    assertThat(s.binBytes(0)[0]).isEqualTo(WindowState.BinEncoding.SPARSE_FLOATS.tag());
    assertThat(s.binBytes(1)).containsExactly(2, 1, 7, 1);
  }
}
