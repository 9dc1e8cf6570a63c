package io.spikestream.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard over real HTTP (the JDK's server and client), without Kafka. */
class DashboardHttpTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;
  private ExecutorService executor;
  private AutoCloseable toClose;

  private String start(DashboardConfig config, DashboardState state, AtomicInteger feedStarts)
      throws Exception {
    Dashboard d =
        new Dashboard(
            config,
            state,
            () -> {
              feedStarts.incrementAndGet();
              return () -> {};
            });
    return serve(d::register, d);
  }

  private String serve(java.util.function.Consumer<HttpServer> register, AutoCloseable c)
      throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newFixedThreadPool(2); // as StreamsApp: few handler threads
    server.setExecutor(executor);
    register.accept(server);
    server.start();
    toClose = c;
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (toClose != null) {
      toClose.close();
    }
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Test
  void servesThePageAndItsAssetsFromTheClassPath() throws Exception {
    String base =
        start(
            DashboardConfig.defaults(),
            new DashboardState(DashboardConfig.defaults(), () -> null, System::nanoTime),
            new AtomicInteger());
    HttpResponse<String> page = get(base + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("/dashboard/app.js").contains("/dashboard/style.css");
    assertThat(page.body()).doesNotContain("https://").doesNotContain("http://"); // nothing remote
    HttpResponse<String> js = get(base + "/dashboard/app.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).contains("new EventSource(\"/dashboard/stream\")");
    assertThat(get(base + "/dashboard/style.css").body()).contains("canvas.frame");
    assertThat(get(base + "/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void streamsSnapshotsAsServerSentEventsAndStartsTheFeedOnce() throws Exception {
    AtomicLong clock = new AtomicLong();
    DashboardConfig config = DashboardConfig.defaults().withUpdateInterval(Duration.ofMillis(50));
    DashboardState state =
        new DashboardState(config, () -> new ModelInfo("m", 1, List.of("a", "b"), 4), clock::get);
    AtomicInteger feedStarts = new AtomicInteger();
    String base = start(config, state, feedStarts);

    HttpResponse<Stream<String>> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + Dashboard.STREAM_PATH)).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    Iterator<String> lines = r.body().iterator();
    JsonNode first = nextMessage(lines);
    assertThat(first.get("events").asLong()).isZero();
    assertThat(first.get("model").get("name").asText()).isEqualTo("m");

    state.onEvents(
        "cam", 8, 8, new int[] {1}, new int[] {2}, new boolean[] {true}, new long[] {5}, 1, null);
    JsonNode later = first;
    for (int i = 0; i < 100 && later.get("events").asLong() == 0; i++) {
      later = nextMessage(lines);
    }
    assertThat(later.get("events").asLong()).isEqualTo(1);
    assertThat(later.get("sensors").get(0).get("id").asText()).isEqualTo("cam");

    // a second browser gets the same stream; the feed was started once
    HttpResponse<Stream<String>> r2 =
        client.send(
            HttpRequest.newBuilder(URI.create(base + Dashboard.STREAM_PATH)).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(nextMessage(r2.body().iterator()).get("events").asLong()).isEqualTo(1);
    assertThat(feedStarts.get()).isEqualTo(1);
    r.body().close();
    r2.body().close();
  }

  @Test
  void aStalledBrowserLosesOldMessagesWhileOthersKeepReceiving() throws Exception {
    AtomicLong counter = new AtomicLong();
    String padding = "x".repeat(256 * 1024); // fills a stalled socket's buffers quickly
    DashboardConfig config =
        DashboardConfig.defaults().withUpdateInterval(Duration.ofMillis(20)).withClients(2, 3);
    SseHub hub =
        new SseHub(
            config,
            () -> "{\"n\":" + counter.incrementAndGet() + ",\"pad\":\"" + padding + "\"}",
            () -> {});
    String base = serve(s -> s.createContext(Dashboard.STREAM_PATH, hub::handle), hub);
    int port = server.getAddress().getPort();

    try (Socket stalled = new Socket("127.0.0.1", port)) {
      stalled.setReceiveBufferSize(4096);
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("GET " + Dashboard.STREAM_PATH + " HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush(); // ... and never read

      HttpResponse<InputStream> live =
          client.send(
              HttpRequest.newBuilder(URI.create(base + Dashboard.STREAM_PATH)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      Iterator<String> lines =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(live.body(), StandardCharsets.UTF_8), 1 << 20)
              .lines()
              .iterator();
      long previous = -1;
      for (int i = 0; i < 60; i++) {
        long n = nextMessage(lines).get("n").asLong();
        assertThat(n).isGreaterThan(previous);
        previous = n;
      }
      assertThat(hub.clients()).isEqualTo(2);
      // the stalled client's queue overflowed: its oldest messages were dropped, not kept
      for (int i = 0; i < 100 && hub.droppedMessages() == 0; i++) {
        Thread.sleep(50);
      }
      assertThat(hub.droppedMessages()).isPositive();

      // a third browser is turned away
      HttpResponse<String> third = get(base + Dashboard.STREAM_PATH);
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.body()).contains("at most 2");
      live.body().close();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode nextMessage(Iterator<String> lines) throws Exception {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data: ")) {
        return mapper.readTree(line.substring("data: ".length()));
      }
    }
    throw new AssertionError("the stream ended");
  }
}
