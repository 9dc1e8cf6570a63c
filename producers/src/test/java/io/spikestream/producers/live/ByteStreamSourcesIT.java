package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.ByteStreamDecoder;
import io.spikestream.dvs.io.stream.Evt2StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-stream live sources, each fed a real recording through a loopback transport: a TCP
 * server that sends an AEDAT 4 file's IOHeader and packets as DV's network output does, a named
 * pipe (mkfifo) carrying a raw EVT 3.0 recording, and the stdin code path fed an EVT 2.0 recording
 * through a {@link PipedInputStream}. Every event must arrive in Kafka in order, equal one by one
 * to the file decoded whole by the dvs decoders.
 */
class ByteStreamSourcesIT {

  private static LocalKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** Offset of the first byte after the {@code %} header lines of a Prophesee RAW file. */
  static int rawHeaderEnd(byte[] file) {
    int p = 0;
    while (p < file.length && file[p] == '%') {
      while (file[p] != '\n') {
        p++;
      }
      p++;
    }
    return p;
  }

  /** Decodes {@code bytes[from..]} whole. */
  static EventBatch decodeWhole(ByteStreamDecoder d, byte[] bytes, int from) throws IOException {
    EventBatch out = new EventBatch(1 << 16);
    d.decode(ByteBuffer.wrap(bytes, from, bytes.length - from).order(ByteOrder.LITTLE_ENDIAN), out);
    return out;
  }

  /** Runs the publisher on a thread until the source ends (no reconnect); returns its summary. */
  static LiveSummary publish(String topic, String sensor, EventSource source) throws Exception {
    LiveConfig base = LiveConfig.defaults(broker.bootstrapServers(), sensor);
    LiveConfig config =
        base.withPublish(base.publish().withTopic(topic)).withReconnect(false, 100, 1000);
    LivePublisher publisher =
        new LivePublisher(config, SpikestreamSerdes.eventPacket().serializer());
    AtomicReference<LiveSummary> summary = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                summary.set(publisher.run(source, LiveListener.none()));
              } catch (Throwable e) {
                error.set(e);
              }
            },
            "it-publisher-" + sensor);
    t.start();
    t.join(120_000);
    if (t.isAlive()) {
      publisher.requestStop();
      t.join(10_000);
      throw new AssertionError("the publisher did not end when the stream ended");
    }
    if (error.get() != null) {
      throw new AssertionError("publisher failed", error.get());
    }
    return summary.get();
  }

  static void assertSameEvents(EventBatch got, EventBatch expected) {
    assertThat(got.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      if (got.timestampMicros(i) != expected.timestampMicros(i)
          || got.x(i) != expected.x(i)
          || got.y(i) != expected.y(i)
          || got.on(i) != expected.on(i)) {
        throw new AssertionError(
            String.format(
                "event %d: got %d,%d,%b@%d, file has %d,%d,%b@%d",
                i,
                got.x(i),
                got.y(i),
                got.on(i),
                got.timestampMicros(i),
                expected.x(i),
                expected.y(i),
                expected.on(i),
                expected.timestampMicros(i)));
      }
    }
  }

  static void assertPackets(LiveFixtures.ReadBack back, String sensor, SensorGeometry g) {
    for (int i = 0; i < back.packets().size(); i++) {
      EventPacket p = back.packets().get(i);
      assertThat(p.getSequence()).isEqualTo(i);
      assertThat(p.getSensorId()).isEqualTo(sensor);
      assertThat(p.getWidth()).isEqualTo(g.width());
      assertThat(p.getHeight()).isEqualTo(g.height());
    }
  }

  @Test
  void tcpAedat4LikeDvNetworkOutput() throws Exception {
    byte[] file = Files.readAllBytes(LiveFixtures.shared("aedat4/tonic_sample.aedat4"));
    Aedat4StreamDecoder whole = new Aedat4StreamDecoder(null);
    EventBatch expected = decodeWhole(whole, file, 0);
    SensorGeometry g = whole.header().geometry();
    assertThat(g).isEqualTo(new SensorGeometry(320, 240));
    // DV's network stream is the file without its version line and without the data table
    int start = 0;
    while (file[start] != '\n') {
      start++;
    }
    start++;
    long tableAt = whole.header().dataTablePosition();
    int end = tableAt > 0 ? (int) tableAt : file.length;
    byte[] stream = Arrays.copyOfRange(file, start, end);

    String topic = "tcp-it";
    broker.createTopic(topic, 1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread dv =
          new Thread(
              () -> {
                try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                  // in uneven pieces, as TCP delivers them
                  for (int p = 0; p < stream.length; ) {
                    int n = Math.min(stream.length - p, 1 + (int) ((p * 7919L) % 20_000));
                    out.write(stream, p, n);
                    p += n;
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              "it-dv-server");
      dv.start();
      SourceSpec spec = SourceSpec.parse("tcp://127.0.0.1:" + server.getLocalPort());
      LiveSummary s = publish(topic, "dvx", EventSources.create(spec, Optional.empty(), 5_000));
      dv.join(10_000);
      System.out.println("tcp: " + s.describe());
      LiveFixtures.ReadBack back =
          LiveFixtures.readBack(
              broker.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(60));
      assertSameEvents(back.events(), expected);
      assertPackets(back, "dvx", g);
      assertThat(s.eventsAcked()).isEqualTo(expected.size());
      assertThat(s.connects()).isEqualTo(1);
    }
  }

  @Test
  void evt3OnANamedPipe(@TempDir Path dir) throws Exception {
    byte[] file =
        Files.readAllBytes(LiveFixtures.shared("prophesee_evt3/expelliarmus_evt3_sample.raw"));
    SensorGeometry hd = new SensorGeometry(1280, 720);
    EventBatch expected = decodeWhole(new Evt3StreamDecoder(hd), file, rawHeaderEnd(file));
    assertThat(expected.size()).isPositive();
    Path fifo = dir.resolve("camera.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available here");

    String topic = "evt3-it";
    broker.createTopic(topic, 1);
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int p = 0; p < file.length; p += 4093) {
                  out.write(file, p, Math.min(4093, file.length - p));
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "it-fifo-writer");
    writer.start();
    SourceSpec spec = SourceSpec.parse("evt3:" + fifo);
    // no --width/--height: the header's plugin name (gen41) gives 1280x720
    LiveSummary s = publish(topic, "evk4", EventSources.create(spec, Optional.empty(), 1000));
    writer.join(10_000);
    System.out.println("evt3 fifo: " + s.describe());
    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(60));
    assertSameEvents(back.events(), expected);
    assertPackets(back, "evk4", hd);
    assertThat(s.inputGeometry()).contains(hd);
  }

  @Test
  void evt2ThroughTheStdinCodePath() throws Exception {
    byte[] file = Files.readAllBytes(LiveFixtures.shared("prophesee_evt2/faery_evt2.raw"));
    SensorGeometry vga = new SensorGeometry(640, 480);
    EventBatch expected = decodeWhole(new Evt2StreamDecoder(vga), file, rawHeaderEnd(file));
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(feed, 1 << 16);
    Thread writer =
        new Thread(
            () -> {
              try (feed) {
                for (int p = 0; p < file.length; p += 10_007) {
                  feed.write(file, p, Math.min(10_007, file.length - p));
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "it-stdin-writer");
    writer.start();
    String topic = "evt2-it";
    broker.createTopic(topic, 1);
    EventSource source =
        ByteStreamSource.evt(SourceSpec.parse("evt2:-"), Optional.empty(), () -> stdin, false);
    LiveSummary s = publish(topic, "gen3", source);
    writer.join(10_000);
    System.out.println("evt2 stdin: " + s.describe());
    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, expected.size(), Duration.ofSeconds(60));
    assertSameEvents(back.events(), expected);
    assertPackets(back, "gen3", vga);
  }
}
