package io.spikestream.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, one process acting as broker and controller) running in
 * this JVM. Start it with {@link #start()} (free port, temporary data directory deleted on close)
 * or {@link #start(LocalKafkaConfig)}; stop it with {@link #close()}.
 *
 * <p>How it starts (Kafka 4.4.0, see FACTS.md): the log directory is formatted once with Kafka's
 * {@code StorageTool format --standalone} (a one-voter dynamic quorum), then a {@code
 * KafkaRaftServer} runs in combined mode. A kept data directory restarts without formatting and
 * with the same ports (they are remembered in {@code local-broker.properties}).
 *
 * <p>Tuned for one node: replication factor 1 and min ISR 1 for the internal topics (so
 * transactions and {@code exactly_once_v2} work), no initial rebalance delay, automatic topic
 * creation off (a missing topic is an error a producer can report) and {@code message.max.bytes} of
 * 16 MiB by default (model artifacts on {@code snn.models}).
 *
 * <p>This is the only class of the project that touches Kafka's internal server APIs.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final String NODE_ID = "1";
  private static final String STATE_FILE = "local-broker.properties";
  private static final String SERVER_FILE = "server.properties";
  private static final String LOG_DIR = "logs";
  private static final long READY_TIMEOUT_MILLIS = 60_000;
  private static final long ADMIN_TIMEOUT_MILLIS = 30_000;

  private final LocalKafkaConfig config;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private Admin admin;
  private boolean closed;

  private LocalKafkaBroker(
      LocalKafkaConfig config,
      Path dataDir,
      boolean deleteOnClose,
      String bootstrapServers,
      KafkaRaftServer server) {
    this.config = config;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.bootstrapServers = bootstrapServers;
    this.server = server;
  }

  /**
   * Starts a broker on a free port with a temporary data directory that {@link #close()} deletes.
   */
  public static LocalKafkaBroker start() {
    return start(LocalKafkaConfig.defaults());
  }

  /**
   * Starts a broker as configured and returns once it accepts requests (typically 2–3 s).
   *
   * @throws UncheckedIOException when the data directory cannot be prepared or formatted, or the
   *     broker does not become ready
   */
  public static LocalKafkaBroker start(LocalKafkaConfig config) {
    try {
      return startChecked(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LocalKafkaBroker startChecked(LocalKafkaConfig config) throws IOException {
    boolean temporary = config.dataDir() == null;
    Path dataDir =
        temporary
            ? Files.createTempDirectory("spikestream-kafka-")
            : config.dataDir().toAbsolutePath();
    boolean deleteOnClose = temporary || !config.keepData();
    KafkaRaftServer server = null;
    try {
      Files.createDirectories(dataDir);
      Path logDir = dataDir.resolve(LOG_DIR);
      Properties state = readState(dataDir.resolve(STATE_FILE));
      boolean formatted = Files.exists(logDir.resolve("meta.properties"));
      int port = config.port() != 0 ? config.port() : reusePort(state, "port", config.host());
      int controllerPort = reusePort(state, "controller.port", config.host());
      String clusterId =
          formatted && state.getProperty("cluster.id") != null
              ? state.getProperty("cluster.id")
              : Uuid.randomUuid().toString();

      Properties props = serverProperties(config, logDir, port, controllerPort);
      Path serverFile = dataDir.resolve(SERVER_FILE);
      writeProperties(serverFile, props, "spikestream local broker: the configuration in use");
      if (!formatted) {
        format(serverFile, clusterId);
      }
      Properties newState = new Properties();
      newState.setProperty("port", Integer.toString(port));
      newState.setProperty("controller.port", Integer.toString(controllerPort));
      newState.setProperty("cluster.id", clusterId);
      writeProperties(dataDir.resolve(STATE_FILE), newState, "spikestream local broker: ports");

      server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      server.startup();
      String bootstrap = config.host() + ":" + port;
      LocalKafkaBroker broker =
          new LocalKafkaBroker(config, dataDir, deleteOnClose, bootstrap, server);
      broker.awaitReady();
      return broker;
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        stopQuietly(server);
      }
      if (deleteOnClose) {
        deleteRecursively(dataDir);
      }
      throw e instanceof IOException io
          ? io
          : new IOException("local Kafka broker failed to start: " + e.getMessage(), e);
    }
  }

  /** The broker's configuration as Kafka sees it. */
  static Properties serverProperties(
      LocalKafkaConfig config, Path logDir, int port, int controllerPort) {
    String host = config.host();
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", NODE_ID);
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("num.partitions", Integer.toString(config.defaultPartitions()));
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("message.max.bytes", Integer.toString(config.messageMaxBytes()));
    p.setProperty("replica.fetch.max.bytes", Integer.toString(config.messageMaxBytes()));
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // one node: every internal topic has one replica and needs one in-sync replica
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.num.partitions", "1");
    return p;
  }

  private static void format(Path serverFile, String clusterId) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {
                "format",
                "--config",
                serverFile.toString(),
                "--cluster-id",
                clusterId,
                "--standalone"
              },
              ps);
    }
    if (rc != 0) {
      throw new IOException(
          "formatting the local Kafka log directory failed (exit "
              + rc
              + "): "
              + out.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private void awaitReady() throws IOException {
    try {
      admin().describeCluster().nodes().get(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("local Kafka broker did not become ready: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the local Kafka broker", e);
    }
  }

  /** {@code host:port} for a client's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding this broker's logs and state. */
  public Path dataDir() {
    return dataDir;
  }

  /** The configuration this broker was started with. */
  public LocalKafkaConfig config() {
    return config;
  }

  /**
   * Creates a topic with one replica and default topic configs, and waits until every partition has
   * a leader.
   *
   * @throws IllegalStateException when the topic exists already or the broker refuses it
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with one replica and the given topic configs (e.g. {@code cleanup.policy =
   * compact}), and waits until every partition has a leader.
   *
   * @throws IllegalStateException when the topic exists already or the broker refuses it
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    if (!createTopicIfAbsent(name, partitions, configs)) {
      throw new IllegalStateException("topic '" + name + "' exists already");
    }
  }

  /**
   * Creates a topic unless it exists (a restart on a kept data directory finds its topics again).
   *
   * @return true when this call created the topic, false when it existed
   * @throws IllegalStateException when the broker refuses the topic
   */
  public boolean createTopicIfAbsent(String name, int partitions, Map<String, String> configs) {
    return TopicCreation.createIfAbsent(
        admin(), name, partitions, configs, Duration.ofMillis(ADMIN_TIMEOUT_MILLIS));
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("local Kafka broker is closed");
    }
    if (admin == null) {
      Properties p = new Properties();
      p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "spikestream-local-broker-admin");
      admin = Admin.create(p);
    }
    return admin;
  }

  /**
   * Stops the broker (controlled shutdown, about half a second) and deletes the data directory
   * unless it was given with {@code keepData}. Calling it twice does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(5));
    }
    stopQuietly(server);
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private static void stopQuietly(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int reusePort(Properties state, String key, String host) throws IOException {
    String previous = state.getProperty(key);
    if (previous != null) {
      int p = Integer.parseInt(previous);
      if (p > 0 && isFree(host, p)) {
        return p;
      }
    }
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  private static boolean isFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Properties readState(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  private static void writeProperties(Path file, Properties p, String comment) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, comment);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
