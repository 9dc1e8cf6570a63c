package io.spikestream.cli;

import io.spikestream.dvs.emulator.DvsEmulator;
import io.spikestream.dvs.images.ImageSource;
import io.spikestream.dvs.images.LabeledImage;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.producers.ReplaySample;
import io.spikestream.producers.ReplaySummary;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One emulated camera of the demo: shows images {@code camera, camera + cameras, camera + 2 *
 * cameras, ...} of a source (wrapping around at its end), each emulated on demand as an
 * N-MNIST-like sample, replayed as labelled {@code EventPacket}s under its own sensor id until
 * {@link #stop()}. Samples go out in chunks of {@link #CHUNK} (one {@link ReplayProducer#replay}
 * each; event time goes on increasing since every replay starts at the wall clock).
 */
final class DemoCamera {
  static final int CHUNK = 100;

  private final ReplayConfig config;
  private final ImageSource source;
  private final DvsEmulator emulator;
  private final int camera;
  private final int cameras;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private volatile ReplayProducer current;
  private volatile boolean stopped;

  DemoCamera(
      ReplayConfig config, ImageSource source, DvsEmulator emulator, int camera, int cameras) {
    this.config = config;
    this.source = source;
    this.emulator = emulator;
    this.camera = camera;
    this.cameras = cameras;
  }

  /** Samples acknowledged by the broker so far. */
  long samples() {
    return samples.get();
  }

  /** Events acknowledged by the broker so far. */
  long events() {
    return events.get();
  }

  /** Replays until {@link #stop()}; the sample in progress is finished. */
  void run() throws IOException {
    long next = camera;
    while (!stopped) {
      List<ReplaySample> chunk = new ArrayList<>(CHUNK);
      for (int k = 0; k < CHUNK; k++) {
        chunk.add(sample(next));
        next += cameras;
      }
      ReplayProducer producer =
          new ReplayProducer(config, SpikestreamSerdes.eventPacket().serializer());
      current = producer;
      if (stopped) {
        break;
      }
      ReplaySummary s = producer.replay(chunk, null);
      samples.addAndGet(s.samples());
      events.addAndGet(s.events());
      if (s.stoppedEarly()) {
        break;
      }
    }
  }

  /** Asks the camera to finish its current sample and stop. */
  void stop() {
    stopped = true;
    ReplayProducer p = current;
    if (p != null) {
      p.requestStop();
    }
  }

  private ReplaySample sample(long position) {
    int index = (int) (position % source.size());
    LabeledImage meta;
    try {
      meta = source.get(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ReplaySample.of(
        "scene-" + index,
        meta.label(),
        source.classNames().get(meta.label()),
        into -> {
          into.clear();
          into.addAll(emulator.emulate(meta.image(), index));
          return emulator.geometry();
        });
  }
}
