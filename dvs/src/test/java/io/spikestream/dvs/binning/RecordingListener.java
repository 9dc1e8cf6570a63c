package io.spikestream.dvs.binning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test listener: copies every closed frame and remembers window starts. */
final class RecordingListener implements BinListener {

  record Closed(int timestep, float[] frame) {}

  final List<Closed> closed = new ArrayList<>();
  final List<Long> windows = new ArrayList<>();
  private final int frameSize;

  RecordingListener(BinningSpec spec) {
    this.frameSize = spec.frameSize();
  }

  @Override
  public void binClosed(int timestep, float[] frames, int offset) {
    closed.add(new Closed(timestep, Arrays.copyOfRange(frames, offset, offset + frameSize)));
  }

  @Override
  public void windowClosed(long windowStartMicros) {
    windows.add(windowStartMicros);
  }

  List<Integer> timesteps() {
    return closed.stream().map(Closed::timestep).toList();
  }

  /** The closed frames concatenated, C order [n][2][H][W]. */
  float[] flat() {
    float[] out = new float[closed.size() * frameSize];
    for (int i = 0; i < closed.size(); i++) {
      System.arraycopy(closed.get(i).frame(), 0, out, i * frameSize, frameSize);
    }
    return out;
  }
}
