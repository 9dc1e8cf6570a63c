package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconnects: a DV-like TCP server that is not up yet (the camera command retries with backoff),
 * then serves a real AEDAT 4 stream twice over two connections; and a named pipe whose writer goes
 * away and comes back. Both recordings arrive twice, in order, nothing lost between the sessions.
 */
class LiveReconnectIT {

  private static LocalKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** Runs a reconnecting publisher until {@code expected} events are in the topic, then stops. */
  static LiveSummary runUntil(
      String topic, String sensor, EventSource source, long expected, List<String> statuses)
      throws Exception {
    LiveConfig base = LiveConfig.defaults(broker.bootstrapServers(), sensor);
    LiveConfig config =
        base.withPublish(base.publish().withTopic(topic)).withReconnect(true, 100, 800);
    LivePublisher publisher =
        new LivePublisher(config, SpikestreamSerdes.eventPacket().serializer());
    AtomicReference<LiveSummary> summary = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                summary.set(
                    publisher.run(
                        source,
                        new LiveListener() {
                          @Override
                          public void status(String message) {
                            statuses.add(message);
                          }
                        }));
              } catch (Throwable e) {
                error.set(e);
              }
            },
            "it-publisher-" + sensor);
    t.start();
    LiveFixtures.readBack(broker.bootstrapServers(), topic, expected, Duration.ofSeconds(90));
    publisher.requestStop();
    t.join(30_000);
    if (error.get() != null) {
      throw new AssertionError("publisher failed", error.get());
    }
    return summary.get();
  }

  static EventBatch twice(EventBatch b) {
    EventBatch two = new EventBatch(2 * b.size());
    two.addAll(b);
    two.addAll(b);
    return two;
  }

  @Test
  void tcpRetriesWithBackoffAndReconnectsAfterTheServerCloses() throws Exception {
    byte[] file = Files.readAllBytes(LiveFixtures.shared("aedat4/tonic_sample.aedat4"));
    Aedat4StreamDecoder whole = new Aedat4StreamDecoder(null);
    EventBatch once = ByteStreamSourcesIT.decodeWhole(whole, file, 0);
    int start = 0;
    while (file[start] != '\n') {
      start++;
    }
    long table = whole.header().dataTablePosition();
    byte[] stream = Arrays.copyOfRange(file, start + 1, table > 0 ? (int) table : file.length);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String topic = "tcp-reconnect-it";
    broker.createTopic(topic, 1);
    int p = port;
    Thread dv =
        new Thread(
            () -> {
              try {
                Thread.sleep(700); // the client's first attempts are refused
                try (ServerSocket server = new ServerSocket()) {
                  server.setReuseAddress(true);
                  server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 1);
                  for (int session = 0; session < 2; session++) {
                    try (Socket s = server.accept();
                        OutputStream out = s.getOutputStream()) {
                      out.write(stream);
                    }
                  }
                }
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "it-dv-server");
    dv.start();
    List<String> statuses = new CopyOnWriteArrayList<>();
    SourceSpec spec = SourceSpec.parse("tcp://127.0.0.1:" + port);
    LiveSummary s =
        runUntil(
            topic,
            "dvx",
            EventSources.create(spec, Optional.empty(), 2_000),
            2L * once.size(),
            statuses);
    dv.join(10_000);
    System.out.println("tcp reconnect: " + s.describe() + "; statuses " + statuses);
    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, 2L * once.size(), Duration.ofSeconds(30));
    ByteStreamSourcesIT.assertSameEvents(back.events(), twice(once));
    assertThat(statuses).anyMatch(m -> m.contains("retrying in"));
    assertThat(s.connects()).isGreaterThanOrEqualTo(2);
    assertThat(s.timeBackwards()).as("the second session starts at the recording's start").isOne();
  }

  @Test
  void aNamedPipeIsReopenedWhenItsWriterComesBack(@TempDir Path dir) throws Exception {
    byte[] file =
        Files.readAllBytes(LiveFixtures.shared("prophesee_evt3/expelliarmus_evt3_sample.raw"));
    EventBatch once =
        ByteStreamSourcesIT.decodeWhole(
            new Evt3StreamDecoder(new SensorGeometry(1280, 720)),
            file,
            ByteStreamSourcesIT.rawHeaderEnd(file));
    Path fifo = dir.resolve("cam.fifo");
    Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0,
        "mkfifo is not available here");
    String topic = "fifo-reopen-it";
    broker.createTopic(topic, 1);
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int session = 0; session < 2; session++) {
                  try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write(file);
                  }
                  Thread.sleep(1000); // a writer that reopens at once may meet the closing reader
                }
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "it-fifo-writer");
    writer.start();
    List<String> statuses = new CopyOnWriteArrayList<>();
    LiveSummary s =
        runUntil(
            topic,
            "evk4",
            EventSources.create(SourceSpec.parse("evt3:" + fifo), Optional.empty(), 1000),
            2L * once.size(),
            statuses);
    writer.join(10_000);
    System.out.println("fifo reopen: " + s.describe() + "; statuses " + statuses);
    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, 2L * once.size(), Duration.ofSeconds(30));
    ByteStreamSourcesIT.assertSameEvents(back.events(), twice(once));
    assertThat(s.connects()).isGreaterThanOrEqualTo(2);
  }
}
