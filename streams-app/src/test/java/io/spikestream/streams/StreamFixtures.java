package io.spikestream.streams;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.NetworkState;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Shared test fixtures: small seeded models, random samples as packets, the kernel run directly.
 */
final class StreamFixtures {
  static final int SENSOR = 32;
  static final int SIZE = 8;
  static final int T = 6;
  static final int CLASSES = 3;

  private StreamFixtures() {}

  /** A random-weight {@code c4-p2-f16} model on 2x8x8 frames (counts), seeded. */
  static ModelArtifact model(BinningSpec binning, ExitKind exit, int bnttExitStep, long seed) {
    NetworkConfig config =
        NetworkConfig.of(
            Architecture.parse("c4-p2-f16"), 2, SIZE, SIZE, CLASSES, binning.timesteps());
    ModelParameters p = ModelParameters.initialise(config, seed);
    return new ModelArtifact(p, null, binning, exit, new BnttExit(bnttExitStep, 0.1), null, null);
  }

  static BinningSpec nBins() {
    return BinningSpec.nBins(T, SIZE, SIZE, io.spikestream.dvs.binning.FrameValue.COUNT);
  }

  /** {@code n} random events in {@code [start, start + duration)}, time-ordered. */
  static EventBatch events(Random random, int n, long start, long duration) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + (long) (random.nextDouble() * duration);
    }
    java.util.Arrays.sort(ts);
    EventBatch b = new EventBatch(n);
    for (int i = 0; i < n; i++) {
      b.add(random.nextInt(SENSOR), random.nextInt(SENSOR), random.nextBoolean(), ts[i]);
    }
    return b;
  }

  /** The sample as packets of {@code perPacket} events, the last flagged endOfSample if asked. */
  static List<EventPacket> packets(
      String sensorId,
      String sampleId,
      int label,
      EventBatch events,
      long start,
      long duration,
      int perPacket,
      boolean endOfSample) {
    EventPacketCodec codec = new EventPacketCodec();
    List<EventPacket> out = new ArrayList<>();
    int n = events.size();
    int[] xs = new int[n];
    int[] ys = new int[n];
    boolean[] ps = new boolean[n];
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      xs[i] = events.x(i);
      ys[i] = events.y(i);
      ps[i] = events.on(i);
      ts[i] = events.timestampMicros(i);
    }
    for (int from = 0, seq = 0; from < n; from += perPacket, seq++) {
      int count = Math.min(perPacket, n - from);
      SampleInfo info =
          sampleId == null
              ? null
              : SampleInfo.newBuilder()
                  .setSampleId(sampleId)
                  .setLabel(label)
                  .setLabelName(null)
                  .setSampleStartMicros(start)
                  .setSampleDurationMicros(duration)
                  .setEndOfSample(endOfSample && from + count == n)
                  .build();
      out.add(codec.encode(sensorId, seq, SENSOR, SENSOR, xs, ys, ps, ts, from, count, info));
    }
    return out;
  }

  /** Result of the kernel run directly: predicted class and exit step. */
  record Expected(int predictedClass, int exitStep) {}

  /** Bins the sample with {@link SampleBinner} and steps the kernel, as evaluation does. */
  static Expected reference(ModelArtifact model, EventBatch events, long start, long duration) {
    BinningSpec spec = model.binning();
    float[][] frames =
        SampleBinner.split(
            SampleBinner.bin(spec, new SensorGeometry(SENSOR, SENSOR), events, start, duration),
            spec);
    EventDrivenNetwork net = new EventDrivenNetwork(model.parameters());
    NetworkState state = net.newState();
    double[][] logits = new double[spec.timesteps()][];
    for (int t = 0; t < spec.timesteps(); t++) {
      net.step(state, frames[t], t);
      logits[t] = state.logits();
    }
    int exit = LoadedModel.of("m", 1, model).exitPolicy().exitStep(logits);
    int best = 0;
    for (int k = 1; k < logits[exit].length; k++) {
      if (logits[exit][k] > logits[exit][best]) {
        best = k;
      }
    }
    return new Expected(best, exit);
  }

  /** A model record holding the zipped artifact and its checksum. */
  static ModelRecord record(String name, long version, ModelArtifact model) {
    try {
      byte[] zip = ModelArtifacts.toZip(model);
      return ModelRecord.newBuilder()
          .setModelName(name)
          .setVersion(version)
          .setCreatedAtMillis(0)
          .setArtifact(ByteBuffer.wrap(zip))
          .setReference(null)
          .setSha256(ModelUpdateProcessor.sha256(zip))
          .setSizeBytes(zip.length)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
