package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import io.spikestream.testsupport.TestKafka;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code spikestream camera} in-process: a real EVT 3.0 recording read from its path with
 * {@code --no-reconnect} (the named-pipe code path, here on a regular file) ends with a summary
 * that counts every event; bad options fail with one line.
 */
class CameraCommandIT {

  private static TestKafka broker;

  @BeforeAll
  static void start() {
    KafkaLogLevels.quiet("warn");
    broker = TestKafka.start();
    broker.createTopic("dvs.events", 1);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void streamsARawEvt3RecordingAndSummarises() throws IOException {
    Path file = SharedRecordings.path("prophesee_evt3/expelliarmus_evt3_sample.raw");
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    while (bytes[start] == '%') {
      while (bytes[start] != '\n') {
        start++;
      }
      start++;
    }
    EventBatch events = new EventBatch(1 << 16);
    new Evt3StreamDecoder(new SensorGeometry(1280, 720))
        .decode(
            ByteBuffer.wrap(bytes, start, bytes.length - start).order(ByteOrder.LITTLE_ENDIAN),
            events);
    int on = events.countOn();
    CliRun r =
        CliRun.of(
            "camera",
            "--source",
            "evt3:" + file,
            "--bootstrap",
            broker.bootstrapServers(),
            "--sensor-id",
            "evk4",
            "--filter",
            "polarity:on",
            "--no-reconnect");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(String.format(Locale.ROOT, "sent %,d events", on))
        .contains(String.format(Locale.ROOT, "decoded %,d events", events.size()))
        .contains("dropped 0 by the decoder")
        .contains(String.format(Locale.ROOT, "%,d by filters", events.size() - on))
        .contains("packets are 1280x720");
  }

  @Test
  void badOptionsFailWithOneLine() {
    CliRun badSource = CliRun.of("camera", "--source", "http://x:1", "--bootstrap", "localhost:1");
    assertThat(badSource.exitCode()).isNotZero();
    assertThat(badSource.err()).contains("source must be udp://HOST:PORT").doesNotContain("\tat ");
    CliRun halfGeometry =
        CliRun.of("camera", "--source", "udp://127.0.0.1:0", "--bootstrap", "x:1", "--width", "10");
    assertThat(halfGeometry.exitCode()).isNotZero();
    assertThat(halfGeometry.err()).contains("--width and --height go together");
    CliRun udpWithoutSize =
        CliRun.of("camera", "--source", "udp://127.0.0.1:0", "--bootstrap", "x:1");
    assertThat(udpWithoutSize.exitCode()).isNotZero();
    assertThat(udpWithoutSize.err())
        .contains("AEStream UDP packets do not carry the sensor size: give --width and --height");
    CliRun badFilter =
        CliRun.of("camera", "--source", "evt3:-", "--bootstrap", "x:1", "--filter", "roi:w=0,h=1");
    assertThat(badFilter.exitCode()).isNotZero();
    assertThat(badFilter.err()).contains("roi.w must be in 1..32767, got 0");
  }
}
