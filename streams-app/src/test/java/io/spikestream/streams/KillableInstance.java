package io.spikestream.streams;

import io.spikestream.schemas.serde.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * An app instance in a JVM of its own, for {@link StreamsAppIT} to kill with SIGKILL. Args:
 * bootstrap, topic prefix, application id, state dir, model file. Prints {@code running} once, then
 * {@code decoded <events>} every 50 ms.
 */
public final class KillableInstance {
  private KillableInstance() {}

  public static void main(String[] args) throws Exception {
    String prefix = args[1];
    Topics topics =
        Topics.defaults()
            .withEvents(prefix + ".events")
            .withEventsDlq(prefix + ".dlq")
            .withClassifications(prefix + ".classifications")
            .withModels(prefix + ".models");
    AppConfig config =
        new AppConfig(
            args[2],
            args[0],
            topics,
            Path.of(args[4]),
            Path.of(args[3]),
            0,
            "localhost",
            Duration.ofMillis(200),
            Duration.ofSeconds(60),
            AppConfig.DEFAULT_MAX_OUT_OF_RANGE_FRACTION,
            Duration.ofMillis(100));
    Properties p = new Properties();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    StreamsApp app = StreamsApp.start(config, p);
    while (app.state() != KafkaStreams.State.RUNNING) {
      Thread.sleep(50);
    }
    System.out.println("running");
    while (true) {
      System.out.println("decoded " + (long) app.metrics().eventsIn.count());
      System.out.flush();
      Thread.sleep(50);
    }
  }
}
