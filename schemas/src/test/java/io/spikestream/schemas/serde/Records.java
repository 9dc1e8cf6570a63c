package io.spikestream.schemas.serde;

import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import java.nio.ByteBuffer;
import java.util.List;

/** Example records shared by the serde tests. */
final class Records {
  private Records() {}

  static EventPacket packet(int n) {
    int[] xs = new int[n];
    int[] ys = new int[n];
    boolean[] on = new boolean[n];
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = (i * 7) % 34;
      ys[i] = (i * 13) % 34;
      on[i] = i % 3 == 0;
      ts[i] = 5_000 + 3L * i;
    }
    SampleInfo sample =
        SampleInfo.newBuilder()
            .setSampleId("Test/3/00042.bin")
            .setLabel(3)
            .setLabelName("three")
            .setSampleStartMicros(5_000)
            .setSampleDurationMicros(300_000)
            .setEndOfSample(true)
            .build();
    return new EventPacketCodec().encode("nmnist-0", 17, 34, 34, xs, ys, on, ts, 0, n, sample);
  }

  static Classification classification() {
    return Classification.newBuilder()
        .setSensorId("cam-1")
        .setSampleId("s-9")
        .setWindowStartMicros(123_456)
        .setPredictedClass(4)
        .setPredictedName("deer")
        .setScores(List.of(0.1f, 0.2f, 0.3f, 0.4f, 0.9f))
        .setExitStep(5)
        .setTimesteps(20)
        .setExitReason(ExitReason.CONFIDENCE)
        .setEventTimeLatencyMicros(60_000)
        .setWallClockLatencyMicros(800)
        .setEmittedAtMillis(1_700_000_000_000L)
        .setModelName("vgg9")
        .setModelVersion(3)
        .setTrueLabel(4)
        .build();
  }

  static ModelRecord model() {
    return ModelRecord.newBuilder()
        .setModelName("vgg9")
        .setVersion(3)
        .setCreatedAtMillis(1_700_000_000_000L)
        .setArtifact(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
        .setReference(null)
        .setSha256("9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a")
        .setSizeBytes(4)
        .build();
  }
}
