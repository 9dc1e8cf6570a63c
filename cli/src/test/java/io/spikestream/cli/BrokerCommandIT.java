package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spikestream.kafka.local.LocalKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The default topics the {@code broker} command creates on its in-process broker. */
class BrokerCommandIT {

  @Test
  void createsTheDefaultTopicsOnceWithTheirPartitionsAndCompaction() throws Exception {
    KafkaLogLevels.quiet("warn");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      StringWriter first = new StringWriter();
      BrokerCommand.createDefaultTopics(broker, 3, new PrintWriter(first, true));
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(
                  List.of("dvs.events", "dvs.events.dlq", "snn.classifications", "snn.models"))
              .allTopicNames()
              .get();
      assertThat(topics.get("dvs.events").partitions()).hasSize(3);
      assertThat(topics.get("snn.classifications").partitions()).hasSize(3);
      assertThat(topics.get("dvs.events.dlq").partitions()).hasSize(1);
      assertThat(topics.get("snn.models").partitions()).hasSize(1);
      ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "snn.models");
      assertThat(
              admin
                  .describeConfigs(List.of(models))
                  .all()
                  .get()
                  .get(models)
                  .get("cleanup.policy")
                  .value())
          .isEqualTo("compact");
      assertThat(first.toString()).contains("dvs.events").contains("3 partition(s)");

      StringWriter again = new StringWriter();
      BrokerCommand.createDefaultTopics(broker, 3, new PrintWriter(again, true));
      assertThat(again.toString().lines()).hasSize(4).allMatch(l -> l.endsWith("exists"));
    }
  }

  @Test
  void invalidPartitionCountIsAOneLineError() {
    StringWriter err = new StringWriter();
    var cl = SpikestreamCommand.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("broker", "--port", "0", "--partitions", "0");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: defaultPartitions must be >= 1, got 0");
  }
}
