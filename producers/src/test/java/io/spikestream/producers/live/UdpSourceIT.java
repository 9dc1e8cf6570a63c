package io.spikestream.producers.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.kafka.local.LocalKafkaBroker;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real DVS128 recording encoded into AEStream UDP packets (64 timestamped events per 512-byte
 * datagram, as AEStream's {@code dvs_to_udp} sends them) and sent over loopback to {@code
 * udp://127.0.0.1:PORT}: every event arrives in Kafka in order, equal to the file's.
 */
class UdpSourceIT {

  private static final String RECORDING =
      "aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat";

  private static LocalKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** Encodes events {@code [from, from + n)} as AEStream does with timestamps (8 bytes each). */
  static byte[] datagram(EventBatch e, int from, int n) {
    ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + n; i++) {
      b.putInt(AestreamUdpDecoderTest.word(e.x(i), e.y(i), e.on(i), false));
      b.putInt((int) e.timestampMicros(i));
    }
    return b.array();
  }

  static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyEventOfARealRecordingArrivesInOrder() throws Exception {
    LiveFixtures.Recording rec = LiveFixtures.load(LiveFixtures.shared(RECORDING));
    EventBatch file = rec.events();
    assertThat(file.timestampMicros(file.size() - 1)).isLessThan(1L << 32);
    String topic = "udp-it";
    broker.createTopic(topic, 1);
    int port = freeUdpPort();
    SourceSpec spec = SourceSpec.parse("udp://127.0.0.1:" + port);
    LiveConfig config =
        LiveConfig.defaults(broker.bootstrapServers(), "udp-cam")
            .withPublish(
                LiveConfig.defaults(broker.bootstrapServers(), "udp-cam")
                    .publish()
                    .withTopic(topic))
            .withGeometry(Optional.of(SensorGeometry.DVS128));
    LivePublisher publisher =
        new LivePublisher(config, SpikestreamSerdes.eventPacket().serializer());
    CountDownLatch listening = new CountDownLatch(1);
    AtomicReference<LiveSummary> summary = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                summary.set(
                    publisher.run(
                        new UdpEventSource(spec),
                        new LiveListener() {
                          @Override
                          public void status(String message) {
                            listening.countDown();
                          }
                        }));
              } catch (Throwable e) {
                error.set(e);
                listening.countDown();
              }
            },
            "udp-it-publisher");
    t.start();
    assertThat(listening.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(error.get()).isNull();

    int perDatagram = 64; // AEStream: 512-byte datagrams of 8-byte events
    try (DatagramSocket out = new DatagramSocket()) {
      InetAddress to = InetAddress.getLoopbackAddress();
      int sent = 0;
      for (int from = 0; from < file.size(); from += perDatagram) {
        byte[] d = datagram(file, from, Math.min(perDatagram, file.size() - from));
        out.send(new DatagramPacket(d, d.length, to, port));
        if (++sent % 16 == 0) {
          Thread.sleep(1); // loopback drops datagrams when the receive buffer overflows
        }
      }
    }
    LiveFixtures.ReadBack back =
        LiveFixtures.readBack(
            broker.bootstrapServers(), topic, file.size(), Duration.ofSeconds(60));
    publisher.requestStop();
    t.join(30_000);
    assertThat(error.get()).isNull();
    LiveSummary s = summary.get();
    System.out.println("udp: " + s.describe());

    EventBatch got = back.events();
    assertThat(got.size()).isEqualTo(file.size());
    for (int i = 0; i < file.size(); i++) {
      assertThat(got.timestampMicros(i)).as("t of event %d", i).isEqualTo(file.timestampMicros(i));
      assertThat(got.x(i)).as("x of event %d", i).isEqualTo(file.x(i));
      assertThat(got.y(i)).as("y of event %d", i).isEqualTo(file.y(i));
      assertThat(got.on(i)).as("polarity of event %d", i).isEqualTo(file.on(i));
    }
    List<EventPacket> packets = back.packets();
    for (int i = 0; i < packets.size(); i++) {
      EventPacket p = packets.get(i);
      assertThat(p.getSequence()).isEqualTo(i);
      assertThat(p.getSensorId()).isEqualTo("udp-cam");
      assertThat(p.getWidth()).isEqualTo(128);
      assertThat(p.getHeight()).isEqualTo(128);
      assertThat(p.getEventCount()).isBetween(1, config.publish().packetMaxEvents());
    }
    assertThat(s.eventsAcked()).isEqualTo(file.size());
    assertThat(s.eventsDecoded()).isEqualTo(file.size());
    assertThat(s.decoderDrops()).isZero();
    assertThat(s.filterDrops()).isZero();
    assertThat(s.packetsAcked()).isEqualTo(packets.size());
  }
}
