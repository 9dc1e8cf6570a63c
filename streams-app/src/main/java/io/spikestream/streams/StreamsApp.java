package io.spikestream.streams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.json.RecordJson;
import io.spikestream.schemas.serde.AvroTrust;
import io.spikestream.snn.artifact.ModelArtifacts;
import io.spikestream.streams.dashboard.Dashboard;
import io.spikestream.streams.dashboard.DashboardConfig;
import io.spikestream.streams.dashboard.ModelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires an {@link AppConfig} into a running app (DESIGN section 10): the model from {@code --model
 * FILE} (version 0, so any published version replaces it), the topology, Kafka Streams with {@code
 * exactly_once_v2}, and an HTTP server on {@link AppConfig#httpHost()}:
 *
 * <ul>
 *   <li>{@code GET /classifications/{sensorId}}: the latest classification of a sensor as JSON,
 *       from this instance's store or, through interactive-query metadata, from the instance that
 *       owns the sensor's partition; 404 when there is none;
 *   <li>{@code GET /metrics}: Prometheus text;
 *   <li>{@code GET /health}: 200 when running with a model, else 503 with the reason;
 *   <li>{@code GET /}: the live {@link Dashboard} (page, assets and {@code /dashboard/stream}).
 * </ul>
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final AppConfig config;
  private final ModelSlot slot = new ModelSlot();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StreamMetrics metrics = new StreamMetrics(registry);
  private final KafkaStreams streams;
  private final HttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();
  private final RecordJson json = new RecordJson();
  private final Dashboard dashboard;

  private StreamsApp(AppConfig config, Properties overrides) throws IOException {
    this.config = config;
    AvroTrust.ensureTrusted();
    if (config.modelFile() != null) {
      LoadedModel model =
          LoadedModel.of(
              config.modelFile().getFileName().toString(),
              0,
              ModelArtifacts.read(config.modelFile()));
      slot.offer(model);
      metrics.modelsLoaded.increment();
      LOG.info("serving model {} from {}", model.name(), config.modelFile());
    } else {
      LOG.info(
          "no --model given: waiting for a model on topic {}", config.topics().models().name());
    }
    http = HttpServer.create(new InetSocketAddress(config.httpHost(), config.httpPort()), 0);
    http.setExecutor(Executors.newFixedThreadPool(2));
    http.createContext("/classifications/", this::classification);
    http.createContext("/metrics", this::metricsText);
    http.createContext("/health", this::health);
    dashboard =
        Dashboard.fromKafka(
            DashboardConfig.defaults(),
            this::modelInfo,
            config.bootstrapServers(),
            config.topics().events().name(),
            config.topics().classifications().name());
    dashboard.register(http);
    http.start();
    Properties props = properties(config, httpPort());
    props.putAll(overrides);
    try {
      streams = new KafkaStreams(SpikestreamTopology.build(config, slot, metrics), props);
    } catch (RuntimeException e) {
      dashboard.close();
      http.stop(0);
      ((ExecutorService) http.getExecutor()).shutdownNow();
      throw e;
    }
  }

  /** Starts the app; {@link #close()} stops it. */
  public static StreamsApp start(AppConfig config) throws IOException {
    return start(config, new Properties());
  }

  /** Starts the app with extra Kafka Streams properties (e.g. shorter session timeouts). */
  public static StreamsApp start(AppConfig config, Properties overrides) throws IOException {
    StreamsApp app = new StreamsApp(config, overrides);
    app.streams.start();
    return app;
  }

  /** Kafka Streams properties for {@code config}, with this instance's HTTP endpoint. */
  public static Properties properties(AppConfig config, int httpPort) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) config.commitInterval().toMillis());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpHost() + ":" + httpPort);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    return p;
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return http.getAddress().getPort();
  }

  /** The app's meters. */
  public StreamMetrics metrics() {
    return metrics;
  }

  /** The Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops processing input records ({@link KafkaStreams#pause()}): the app stays in its group,
   * keeps its tasks and commits what it processed; records arriving meanwhile wait in the topic.
   */
  public void pause() {
    streams.pause();
  }

  /** Resumes processing after {@link #pause()}. */
  public void resume() {
    streams.resume();
  }

  /** The dashboard served at {@code /}. */
  public Dashboard dashboard() {
    return dashboard;
  }

  private ModelInfo modelInfo() {
    LoadedModel m = slot.current();
    return m == null
        ? null
        : new ModelInfo(
            m.name(), m.version(), m.artifact().classNames(), m.artifact().config().timesteps());
  }

  /** The latest classification of a sensor held by this instance, or null. */
  public Classification localLatest(String sensorId) {
    ReadOnlyKeyValueStore<String, Classification> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                SpikestreamTopology.LATEST_STORE, QueryableStoreTypes.keyValueStore()));
    return store.get(sensorId);
  }

  private void classification(HttpExchange ex) throws IOException {
    try (ex) {
      String sensorId =
          URLDecoder.decode(
              ex.getRequestURI().getPath().substring("/classifications/".length()),
              StandardCharsets.UTF_8);
      boolean localOnly = "local=true".equals(ex.getRequestURI().getQuery());
      if (streams.state() != KafkaStreams.State.RUNNING) {
        send(ex, 503, "not running yet: " + streams.state() + "\n");
        return;
      }
      KeyQueryMetadata meta =
          streams.queryMetadataForKey(
              SpikestreamTopology.LATEST_STORE, sensorId, Serdes.String().serializer());
      HostInfo here = new HostInfo(config.httpHost(), httpPort());
      if (!localOnly
          && meta != null
          && !meta.activeHost().equals(here)
          && meta.activeHost().port() > 0) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://"
                            + meta.activeHost().host()
                            + ":"
                            + meta.activeHost().port()
                            + ex.getRequestURI().getRawPath()
                            + "?local=true"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
          HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
          send(ex, r.statusCode(), r.body());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          send(ex, 503, "interrupted\n");
        }
        return;
      }
      Classification c = localLatest(sensorId);
      if (c == null) {
        send(ex, 404, "no classification for sensor '" + sensorId + "'\n");
      } else {
        send(ex, 200, json.toJson(c) + "\n");
      }
    } catch (RuntimeException e) {
      send(ex, 503, "cannot query: " + e.getMessage() + "\n");
    }
  }

  private void metricsText(HttpExchange ex) throws IOException {
    try (ex) {
      send(ex, 200, registry.scrape());
    }
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      KafkaStreams.State state = streams.state();
      LoadedModel model = slot.current();
      if (model == null) {
        send(ex, 503, "waiting for a model (state " + state + ")\n");
      } else if (!state.isRunningOrRebalancing()) {
        send(ex, 503, "streams " + state + "\n");
      } else {
        send(
            ex,
            200,
            "ok: streams " + state + ", model " + model.name() + " v" + model.version() + "\n");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops Kafka Streams (committing) and the HTTP server. */
  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    dashboard.close();
    http.stop(0);
    ((ExecutorService) http.getExecutor()).shutdownNow();
    registry.close();
  }
}
