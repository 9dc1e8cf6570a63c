package io.spikestream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.spikestream.cli.SpikestreamCommand;
import io.spikestream.kafka.local.LocalKafkaConfig;
import io.spikestream.schemas.serde.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml, checked without a Docker engine: services, images, KRaft settings, ports,
 * healthchecks, dependencies, profiles and volumes; and every {@code spikestream} command a service
 * runs, parsed by the CLI's own picocli model (an option renamed in the CLI fails here).
 */
class DockerComposeFileTest {
  private static final String KAFKA_BOOTSTRAP = "kafka:9092";
  private static final Set<String> SPIKESTREAM_SERVICES =
      Set.of("streams-app", "camera-data", "camera-1", "camera-2", "trainer-data", "trainer");
  private static final Pattern VOLUME = Pattern.compile("([A-Za-z0-9_.-]+):(/[^:]*)(:ro|:rw)?");

  private static JsonNode compose;
  private static JsonNode services;

  @BeforeAll
  static void parse() throws IOException {
    ObjectMapper yaml =
        YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    compose = yaml.readTree(RepoFiles.file("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void hasTheServicesOfTheStack() {
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsAll(SPIKESTREAM_SERVICES).contains("kafka", "kafka-init");
  }

  @Test
  void kafkaIsTheOfficialImageAtTheKafkaVersionOfTheBuild() {
    String expected = "apache/kafka:" + RepoFiles.kafkaVersion();
    assertThat(services.path("kafka").path("image").asText()).isEqualTo(expected);
    assertThat(services.path("kafka-init").path("image").asText()).isEqualTo(expected);
    // every image that is pulled has an explicit, non-latest tag
    services.forEach(
        s -> {
          String image = s.path("image").asText();
          if (!s.has("build")) {
            assertThat(image).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
          }
        });
  }

  @Test
  void kafkaRunsInKraftModeAsOneCombinedBrokerAndController() {
    Map<String, String> env = environment("kafka");
    assertThat(env.get("KAFKA_PROCESS_ROLES").split(","))
        .containsExactlyInAnyOrder("broker", "controller");
    String nodeId = env.get("KAFKA_NODE_ID");
    assertThat(nodeId).matches("\\d+");
    // the image formats its log directory with this id: it must be a Kafka Uuid (16 bytes, base64)
    assertThat(Uuid.fromString(env.get("CLUSTER_ID")).toString()).isEqualTo(env.get("CLUSTER_ID"));
    assertThat(env.keySet()).noneMatch(k -> k.contains("ZOOKEEPER"));
    String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
    Map<String, String> listeners = listeners(env.get("KAFKA_LISTENERS"));
    assertThat(listeners).containsKey(controller);
    String controllerPort = listeners.get(controller).replaceAll(".*:", "");
    assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .isEqualTo(nodeId + "@kafka:" + controllerPort);
    Map<String, String> protocols = listeners(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
    assertThat(protocols.keySet()).containsAll(listeners.keySet());
    // the services' bootstrap is advertised inside the network, and the published port to the host
    Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
    assertThat(advertised.values()).contains("kafka:9092");
    assertThat(advertised).doesNotContainKey(controller);
    for (String port : publishedContainerPorts("kafka")) {
      assertThat(advertised.values()).contains("localhost:" + port);
    }
    assertThat(listeners.keySet()).contains(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
  }

  @Test
  void kafkaIsTunedAsTheInProcessBroker() {
    Map<String, String> env = environment("kafka");
    assertThat(env).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    assertThat(Integer.parseInt(env.get("KAFKA_MESSAGE_MAX_BYTES")))
        .isGreaterThanOrEqualTo(LocalKafkaConfig.DEFAULT_MESSAGE_MAX_BYTES);
    for (String key :
        List.of(
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
      assertThat(env).as(key).containsEntry(key, "1");
    }
    assertThat(services.path("kafka").path("volumes").get(0).asText())
        .endsWith(":" + env.get("KAFKA_LOG_DIRS"));
  }

  @Test
  void kafkaInitCreatesEveryTopicOfTheDesignWithTheModelsTopicCompacted() {
    String script = String.join("\n", strings(services.path("kafka-init").path("command")));
    Topics topics = Topics.defaults();
    for (String topic :
        List.of(
            topics.events().name(),
            topics.eventsDlq().name(),
            topics.classifications().name(),
            topics.models().name())) {
      assertThat(script).containsPattern("--topic " + Pattern.quote(topic) + " ");
    }
    String modelsLine =
        script
            .lines()
            .filter(l -> l.contains("--topic " + topics.models().name()))
            .findFirst()
            .get();
    assertThat(modelsLine).contains("cleanup.policy=compact").contains("max.message.bytes=");
    assertThat(script)
        .contains("--if-not-exists")
        .contains("--bootstrap-server " + KAFKA_BOOTSTRAP);
    assertThat(dependency("kafka-init", "kafka")).isEqualTo("service_healthy");
  }

  @Test
  void kafkaAndTheStreamsAppHaveHealthchecks() {
    String kafka =
        String.join(" ", strings(services.path("kafka").path("healthcheck").path("test")));
    assertThat(kafka).contains("/opt/kafka/bin/kafka-").contains("--bootstrap-server kafka:9092");
    String app =
        String.join(" ", strings(services.path("streams-app").path("healthcheck").path("test")));
    String httpPort = option("streams-app", "--http-port");
    assertThat(app).contains("/health").contains("/" + httpPort + " ");
  }

  @Test
  void theStreamsAppHealthcheckPassesOnlyWhenHealthAnswers200() throws Exception {
    List<String> test = strings(services.path("streams-app").path("healthcheck").path("test"));
    assertThat(test.get(0)).isEqualTo("CMD");
    List<String> argv = new ArrayList<>(test.subList(1, test.size()));
    String httpPort = option("streams-app", "--http-port");
    for (int status : new int[] {200, 503}) {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/health",
          ex -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
          });
      server.start();
      try {
        List<String> probe = new ArrayList<>(argv);
        int last = probe.size() - 1;
        probe.set(
            last,
            probe
                .get(last)
                .replace("/" + httpPort + " ", "/" + server.getAddress().getPort() + " "));
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(p.exitValue() == 0)
            .as("probe passes on HTTP " + status)
            .isEqualTo(status == 200);
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void servicesStartInOrderOfWhatTheyNeed() {
    assertThat(dependency("streams-app", "kafka")).isEqualTo("service_healthy");
    assertThat(dependency("streams-app", "kafka-init")).isEqualTo("service_completed_successfully");
    for (String camera : List.of("camera-1", "camera-2")) {
      assertThat(dependency(camera, "kafka-init")).isEqualTo("service_completed_successfully");
      assertThat(dependency(camera, "camera-data")).isEqualTo("service_completed_successfully");
      assertThat(dependency(camera, "streams-app")).isEqualTo("service_healthy");
    }
    assertThat(dependency("trainer", "kafka-init")).isEqualTo("service_completed_successfully");
    assertThat(dependency("trainer", "trainer-data")).isEqualTo("service_completed_successfully");
    // every service that talks to Kafka waits for it, directly or through kafka-init
    for (String name : SPIKESTREAM_SERVICES) {
      if (option(name, "--bootstrap") != null) {
        assertThat(
                services.path(name).path("depends_on").has("kafka")
                    || services.path(name).path("depends_on").has("kafka-init"))
            .as(name + " waits for Kafka")
            .isTrue();
      }
    }
    // every dependency names a service and a condition
    services
        .properties()
        .forEach(
            s ->
                s.getValue()
                    .path("depends_on")
                    .properties()
                    .forEach(
                        d -> {
                          assertThat(services.has(d.getKey())).as(d.getKey()).isTrue();
                          assertThat(d.getValue().path("condition").asText())
                              .as(s.getKey() + " -> " + d.getKey())
                              .isIn(
                                  "service_healthy",
                                  "service_completed_successfully",
                                  "service_started");
                        }));
  }

  @Test
  void publishedPortsAreBoundToLocalhostOnly() {
    List<String> all = new ArrayList<>();
    services.forEach(s -> all.addAll(strings(s.path("ports"))));
    assertThat(all).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    // the dashboard is published on the port serve listens on, on every interface of the container
    assertThat(publishedContainerPorts("streams-app"))
        .containsExactly(option("streams-app", "--http-port"));
    assertThat(option("streams-app", "--http-host")).isEqualTo("0.0.0.0");
  }

  @Test
  void theTrainerRunsOnlyUnderTheTrainProfile() {
    for (String name : List.of("trainer", "trainer-data")) {
      assertThat(strings(services.path(name).path("profiles"))).containsExactly("train");
    }
    for (String name : List.of("kafka", "kafka-init", "streams-app", "camera-1", "camera-2")) {
      assertThat(services.path(name).has("profiles")).as(name).isFalse();
    }
    assertThat(option("trainer", "--publish")).isNotNull();
  }

  @Test
  void namedVolumesHoldModelsAndDatasetsAndEveryMountIsDeclared() {
    Set<String> declared = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    assertThat(declared).contains("models", "datasets");
    services
        .properties()
        .forEach(
            s -> {
              for (String v : strings(s.getValue().path("volumes"))) {
                Matcher m = VOLUME.matcher(v);
                assertThat(m.matches()).as(s.getKey() + " volume " + v).isTrue();
                assertThat(declared).as(s.getKey() + " mounts " + v).contains(m.group(1));
              }
            });
    assertThat(mounts("streams-app")).containsEntry("/models", "models");
    assertThat(mounts("trainer"))
        .containsEntry("/models", "models")
        .containsEntry("/data", "datasets");
  }

  @Test
  void theSpikestreamServicesShareTheImageBuiltFromTheDockerfile() {
    Set<String> images = new TreeSet<>();
    for (String name : SPIKESTREAM_SERVICES) {
      JsonNode s = services.path(name);
      assertThat(s.path("build").asText()).as(name).isEqualTo(".");
      images.add(s.path("image").asText());
    }
    assertThat(images).hasSize(1);
  }

  @Test
  void everySpikestreamCommandParsesWithTheCli() {
    for (String name : SPIKESTREAM_SERVICES) {
      List<String> argv = strings(services.path(name).path("command"));
      assertThat(argv).as(name + " command").isNotEmpty();
      ParseResult result;
      try {
        result = SpikestreamCommand.commandLine().parseArgs(argv.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        fail(name + ": spikestream " + String.join(" ", argv) + " -> " + e.getMessage());
        return;
      }
      assertThat(result.subcommand()).as(name + " runs a subcommand").isNotNull();
      assertThat(result.subcommand().commandSpec().name()).isEqualTo(argv.get(0));
      if (result.subcommand().hasMatchedOption("--bootstrap")) {
        assertThat(result.subcommand().matchedOptionValue("--bootstrap", ""))
            .as(name)
            .isEqualTo(KAFKA_BOOTSTRAP);
      }
    }
  }

  @Test
  void everyPathACommandUsesLiesInAVolumeOfItsService() {
    Map<String, String> streams = mounts("streams-app");
    assertThat(under(option("streams-app", "--model"), streams)).isTrue();
    for (String name : List.of("camera-data", "trainer-data")) {
      assertThat(under(option(name, "--out"), mounts(name))).as(name).isTrue();
      assertThat(readOnly(name, option(name, "--out"))).as(name + " writes").isFalse();
    }
    assertThat(under(option("trainer", "--data"), mounts("trainer"))).isTrue();
    assertThat(under(option("trainer", "--out"), mounts("trainer"))).isTrue();
    assertThat(readOnly("trainer", option("trainer", "--out"))).isFalse();
    // the cameras replay what camera-data writes; the trainer reads what trainer-data writes
    for (String camera : List.of("camera-1", "camera-2")) {
      List<String> argv = strings(services.path(camera).path("command"));
      String path = argv.get(argv.size() - 1);
      assertThat(path).isEqualTo(option("camera-data", "--out"));
      assertThat(under(path, mounts(camera))).isTrue();
      assertThat(mounts(camera).get("/data")).isEqualTo(mounts("camera-data").get("/data"));
    }
    assertThat(option("trainer", "--data")).isEqualTo(option("trainer-data", "--out"));
    // the streams app serves the demo model the image puts into the models volume
    assertThat(option("streams-app", "--model")).isEqualTo("/models/demo-model.zip");
  }

  @Test
  void camerasUseDistinctSensorIds() {
    assertThat(option("camera-1", "--sensor-id")).isNotEqualTo(option("camera-2", "--sensor-id"));
  }

  // ---- helpers ----

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.addAll(Arrays.asList(node.asText().trim().split("\\s+")));
    }
    return out;
  }

  private static Map<String, String> environment(String service) {
    JsonNode env = services.path(service).path("environment");
    assertThat(env.isObject()).as(service + " environment as a map").isTrue();
    Map<String, String> out = new LinkedHashMap<>();
    env.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** {@code NAME://host:port,...} or {@code NAME:PROTOCOL,...} as name to the rest. */
  private static Map<String, String> listeners(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      int colon = part.indexOf(':');
      String rest = part.substring(colon + 1);
      out.put(part.substring(0, colon), rest.startsWith("//") ? rest.substring(2) : rest);
    }
    return out;
  }

  /** The container side of every published port of a service. */
  private static List<String> publishedContainerPorts(String service) {
    return strings(services.path(service).path("ports")).stream()
        .map(p -> p.substring(p.lastIndexOf(':') + 1))
        .toList();
  }

  private static String dependency(String service, String on) {
    JsonNode d = services.path(service).path("depends_on").path(on);
    assertThat(d.isObject()).as(service + " depends on " + on).isTrue();
    return d.path("condition").asText();
  }

  /** The value of a {@code --name=value} option of a service's command, "" for a flag, or null. */
  private static String option(String service, String name) {
    for (String arg : strings(services.path(service).path("command"))) {
      if (arg.equals(name)) {
        return "";
      }
      if (arg.startsWith(name + "=")) {
        return arg.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** Mount target to volume name. */
  private static Map<String, String> mounts(String service) {
    Map<String, String> out = new HashMap<>();
    for (String v : strings(services.path(service).path("volumes"))) {
      Matcher m = VOLUME.matcher(v);
      if (m.matches()) {
        out.put(m.group(2), m.group(1));
      }
    }
    return out;
  }

  private static boolean readOnly(String service, String path) {
    return strings(services.path(service).path("volumes")).stream()
        .filter(v -> v.endsWith(":ro"))
        .map(v -> v.split(":")[1])
        .anyMatch(target -> path.startsWith(target + "/"));
  }

  private static boolean under(String path, Map<String, String> mounts) {
    return path != null && mounts.keySet().stream().anyMatch(t -> path.startsWith(t + "/"));
  }
}
