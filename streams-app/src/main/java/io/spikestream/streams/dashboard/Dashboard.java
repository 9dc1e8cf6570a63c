package io.spikestream.streams.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live web dashboard, served on the streams app's HTTP server: {@code GET /} the page, {@code
 * GET /dashboard/app.js} and {@code /dashboard/style.css} its script and style (classpath resources
 * next to this class; nothing is loaded from elsewhere), {@code GET /dashboard/stream} the
 * server-sent events ({@link SseHub}), one JSON snapshot of {@link DashboardState} per update.
 *
 * <p>The Kafka {@link DashboardFeed} starts when the first browser connects, so an app nobody
 * watches pays nothing for the dashboard; it runs until {@link #close()}.
 */
public final class Dashboard implements AutoCloseable {

  /** Path of the server-sent event stream. */
  public static final String STREAM_PATH = "/dashboard/stream";

  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/dashboard/app.js", "app.js",
          "/dashboard/style.css", "style.css");

  private final DashboardState state;
  private final SseHub hub;
  private final Supplier<? extends AutoCloseable> feedFactory;
  private AutoCloseable feed;
  private boolean closed;

  /**
   * @param state what is shown
   * @param feedFactory starts the feed that fills {@code state} (called once, on the first
   *     browser); closed with the dashboard
   */
  public Dashboard(
      DashboardConfig config, DashboardState state, Supplier<? extends AutoCloseable> feedFactory) {
    this.state = state;
    this.feedFactory = feedFactory;
    this.hub = new SseHub(config, state::snapshotJson, this::ensureFeed);
  }

  /** A dashboard fed from Kafka topics. */
  public static Dashboard fromKafka(
      DashboardConfig config,
      Supplier<ModelInfo> model,
      String bootstrapServers,
      String eventsTopic,
      String classificationsTopic) {
    DashboardState state = new DashboardState(config, model, System::nanoTime);
    return new Dashboard(
        config,
        state,
        () -> new DashboardFeed(bootstrapServers, eventsTopic, classificationsTopic, state));
  }

  /** Registers the page, its assets and the stream on {@code server}. */
  public void register(HttpServer server) {
    server.createContext("/", this::asset);
    server.createContext(STREAM_PATH, hub::handle);
  }

  /** The aggregated state. */
  public DashboardState state() {
    return state;
  }

  /** The event-stream hub (clients, dropped messages). */
  public SseHub hub() {
    return hub;
  }

  private synchronized void ensureFeed() {
    if (feed == null && !closed) {
      feed = feedFactory.get();
    }
  }

  private void asset(HttpExchange ex) throws IOException {
    try (ex) {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      String name = ASSETS.get(ex.getRequestURI().getPath());
      if (name == null || !"GET".equals(ex.getRequestMethod())) {
        byte[] body = "not found\n".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(404, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
        return;
      }
      byte[] body;
      try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("dashboard resource missing from the class path: " + name);
        }
        body = in.readAllBytes();
      }
      ex.getResponseHeaders().set("Content-Type", contentType(name));
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return "text/css; charset=utf-8";
  }

  /** Ends the streams and stops the feed. */
  @Override
  public void close() {
    AutoCloseable f;
    synchronized (this) {
      closed = true;
      f = feed;
    }
    hub.close();
    if (f != null) {
      try {
        f.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the dashboard feed", e);
      }
    }
  }
}
