package io.spikestream.streams.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Server-sent events (text/event-stream) to the dashboard's browsers. A ticker builds one snapshot
 * per {@link DashboardConfig#updateInterval()} while anyone listens and offers it to every client's
 * queue; each client has its own writer thread and a queue of {@link DashboardConfig#clientQueue()}
 * messages that drops its oldest when full. A slow or stalled browser therefore blocks only its own
 * writer and costs at most that many messages of memory; the app and the other browsers go on.
 * Beyond {@link DashboardConfig#maxClients()} browsers a new one is answered 503.
 */
public final class SseHub implements AutoCloseable {
  private static final long KEEPALIVE_MILLIS = 5_000;

  private final DashboardConfig config;
  private final Supplier<String> snapshot;
  private final Runnable onFirstClient;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker;
  private final ExecutorService writers;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param snapshot renders the current state as one JSON line (called on the ticker thread)
   * @param onFirstClient run once per connection before its first message (e.g. to start the feed)
   */
  public SseHub(DashboardConfig config, Supplier<String> snapshot, Runnable onFirstClient) {
    this.config = config;
    this.snapshot = snapshot;
    this.onFirstClient = onFirstClient;
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("spikestream-dashboard-tick"));
    this.writers = Executors.newCachedThreadPool(daemon("spikestream-dashboard-sse"));
    long period = config.updateInterval().toMillis();
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Browsers connected now. */
  public int clients() {
    return clients.size();
  }

  /** Messages dropped from full client queues so far. */
  public long droppedMessages() {
    return dropped.get();
  }

  /** Messages written to clients so far. */
  public long sentMessages() {
    return sent.get();
  }

  /** Handles {@code GET /dashboard/stream}: keeps the exchange and streams to it. */
  public void handle(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    if (closed || clients.size() >= config.maxClients()) {
      byte[] body =
          ("too many dashboard clients (at most " + config.maxClients() + ")\n")
              .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(503, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      ex.close();
      return;
    }
    onFirstClient.run();
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0); // chunked, open-ended
    Client c = new Client(ex);
    clients.add(c);
    c.offer(snapshot.get()); // the first picture at once, not after a tick
    writers.execute(c::run);
  }

  private void tick() {
    if (clients.isEmpty()) {
      return;
    }
    String message;
    try {
      message = snapshot.get();
    } catch (RuntimeException e) {
      return; // the next tick tries again; a snapshot failure must not stop the ticker
    }
    for (Client c : clients) {
      c.offer(message);
    }
  }

  /** One browser: a bounded queue and a writer. */
  private final class Client {
    private final HttpExchange exchange;
    private final ArrayDeque<String> queue = new ArrayDeque<>();

    Client(HttpExchange exchange) {
      this.exchange = exchange;
    }

    synchronized void offer(String message) {
      if (queue.size() >= config.clientQueue()) {
        queue.pollFirst();
        dropped.incrementAndGet();
      }
      queue.addLast(message);
      notifyAll();
    }

    private synchronized String take() throws InterruptedException {
      long deadline = System.currentTimeMillis() + KEEPALIVE_MILLIS;
      while (queue.isEmpty() && !closed) {
        long wait = deadline - System.currentTimeMillis();
        if (wait <= 0) {
          return null;
        }
        wait(wait);
      }
      return queue.pollFirst();
    }

    void run() {
      try (OutputStream out = exchange.getResponseBody()) {
        while (!closed) {
          String m = take();
          if (closed) {
            break;
          }
          // an SSE comment keeps idle connections (and proxies) alive
          String frame = m == null ? ": keepalive\n\n" : "data: " + m + "\n\n";
          out.write(frame.getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (m != null) {
            sent.incrementAndGet();
          }
        }
      } catch (IOException gone) {
        // the browser went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        clients.remove(this);
        exchange.close();
      }
    }

    synchronized void wake() {
      notifyAll();
    }
  }

  /** Stops the ticker and ends every stream. */
  @Override
  public void close() {
    closed = true;
    ticker.shutdownNow();
    for (Client c : clients) {
      c.wake();
    }
    writers.shutdown();
    try {
      if (!writers.awaitTermination(2, TimeUnit.SECONDS)) {
        writers.shutdownNow(); // a writer stuck on a stalled socket
        for (Client c : clients) {
          c.exchange.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
