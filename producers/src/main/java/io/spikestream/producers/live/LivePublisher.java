package io.spikestream.producers.live;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterChain;
import io.spikestream.producers.PacketBounds;
import io.spikestream.producers.ReplayConfig;
import io.spikestream.producers.ReplayProducer;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventPacketCodec;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bridges one {@link EventSource} to Kafka: polls the source, filters the events ({@link
 * FilterChain}, state kept for the whole run), cuts them into {@code EventPacket} records of at
 * most {@code packetMaxEvents} events and {@code packetMaxSpanMicros} of event time (a packet not
 * full after {@link LiveConfig#flushMillis()} of wall-clock time goes out anyway), and sends them
 * under the sensor id with sequence numbers 0, 1, 2, ... through the replay producer's settings
 * (idempotent, {@code acks=all}, lz4). Live packets carry no sample info.
 *
 * <p>When the source fails or ends, it is reopened with exponential backoff if {@link
 * LiveConfig#reconnect()} holds and the source allows it; otherwise the run ends. {@link
 * #requestStop()} (e.g. from Ctrl-C) ends the run within one poll: the events already read are sent
 * and flushed before {@link #run} returns its summary.
 */
public final class LivePublisher {

  private final LiveConfig config;
  private final Serializer<EventPacket> valueSerializer;
  private volatile boolean stopRequested;

  /**
   * @param valueSerializer normally {@code SpikestreamSerdes.eventPacket().serializer()}; closed
   *     with the producer
   */
  public LivePublisher(LiveConfig config, Serializer<EventPacket> valueSerializer) {
    if (config == null) {
      throw new IllegalArgumentException("config must be set, got null");
    }
    if (valueSerializer == null) {
      throw new IllegalArgumentException("valueSerializer must be set, got null");
    }
    this.config = config;
    this.valueSerializer = valueSerializer;
  }

  public LiveConfig config() {
    return config;
  }

  /** Ends a running {@link #run} after the current poll, flushing what was read. Thread-safe. */
  public void requestStop() {
    stopRequested = true;
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Checks the broker and topic, then runs until the source ends (without reconnect), a stop is
   * requested or sending fails. Closes the source at the end.
   *
   * @throws IOException when the broker is unreachable, the topic missing, the source cannot be
   *     opened (without reconnect), the geometry is unknown, or the broker rejects a packet
   */
  public LiveSummary run(EventSource source, LiveListener listener) throws IOException {
    ReplayConfig publish = config.publish();
    ReplayProducer checker = new ReplayProducer(publish, valueSerializer);
    checker.checkBrokerAndTopic();
    Properties props = checker.producerProperties();
    props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "spikestream-camera-" + publish.sensorId());
    Run run = new Run(source, listener == null ? LiveListener.none() : listener);
    try (source;
        Producer<String, EventPacket> producer =
            new KafkaProducer<>(props, new StringSerializer(), valueSerializer)) {
      run.producer = producer;
      try {
        run.loop();
      } finally {
        run.sendPending(true);
        producer.flush();
      }
    } catch (KafkaException e) {
      throw new IOException("Kafka producer failed: " + rootMessage(e), e);
    }
    Exception failure = run.failure.get();
    if (failure != null) {
      throw new IOException(
          "sending to "
              + publish.topic()
              + " failed: "
              + rootMessage(failure)
              + " ("
              + run.summary().describe()
              + ")",
          failure);
    }
    return run.summary();
  }

  /** One run's state; used by the publishing thread, except the acknowledgement counters. */
  private final class Run {
    private final EventSource source;
    private final LiveListener listener;
    private final EventPacketCodec codec = new EventPacketCodec();
    private final AtomicLong ackedEvents = new AtomicLong();
    private final AtomicLong ackedPackets = new AtomicLong();
    private final AtomicLong ackedBytes = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final long startNanos = System.nanoTime();
    private Producer<String, EventPacket> producer;
    private EventBatch incoming = new EventBatch(1 << 16);
    private EventBatch pending = new EventBatch(1 << 16);
    private EventBatch spare = new EventBatch(1 << 16);
    private FilterChain chain;
    private SensorGeometry inputGeometry;
    private long pendingSinceNanos;
    private long sequence;
    private long decoded;
    private long filterDrops;
    private long offGeometryBefore;
    private long timeBackwards;
    private long lastTimestamp = Long.MIN_VALUE;
    private long connects;
    private long disconnects;

    Run(EventSource source, LiveListener listener) {
      this.source = source;
      this.listener = listener;
    }

    void loop() throws IOException {
      boolean open = false;
      long backoff = config.backoffInitialMillis();
      long nextProgressNanos = System.nanoTime() + 1_000_000_000L;
      while (!stopRequested && failure.get() == null) {
        if (Thread.currentThread().isInterrupted()) {
          stopRequested = true;
          break;
        }
        if (!open) {
          try {
            source.open();
            open = true;
            connects++;
            backoff = config.backoffInitialMillis();
            listener.status("reading " + source.describe());
          } catch (IOException e) {
            if (!config.reconnect()) {
              throw e;
            }
            listener.status(e.getMessage() + "; retrying in " + backoff + " ms");
            sleep(backoff);
            backoff = Math.min(2 * backoff, config.backoffMaxMillis());
            continue;
          }
        }
        incoming.clear();
        int n;
        try {
          n = source.poll(incoming, config.flushMillis());
        } catch (IOException e) {
          disconnects++;
          source.close();
          open = false;
          if (!config.reconnect() || !source.reopenable()) {
            throw e;
          }
          listener.status("lost " + source.describe() + ": " + e.getMessage() + "; reconnecting");
          sendPending(true);
          sleep(backoff);
          backoff = Math.min(2 * backoff, config.backoffMaxMillis());
          continue;
        }
        if (n < 0) {
          disconnects++;
          source.close();
          open = false;
          sendPending(true);
          if (!config.reconnect() || !source.reopenable()) {
            listener.status(source.describe() + " ended");
            break;
          }
          listener.status(source.describe() + " ended; reopening");
          continue;
        }
        if (incoming.size() > 0) {
          accept();
        }
        sendPending(
            pending.size() > 0
                && System.nanoTime() - pendingSinceNanos >= config.flushMillis() * 1_000_000L);
        long now = System.nanoTime();
        if (now >= nextProgressNanos) {
          listener.progress(summary());
          nextProgressNanos = now + 1_000_000_000L;
        }
      }
    }

    /** Counts, checks time order, filters and queues the events of one poll. */
    private void accept() throws IOException {
      ensureChain();
      int n = incoming.size();
      decoded += n;
      long[] ts = incoming.timestampsMicros();
      long last = lastTimestamp;
      for (int i = 0; i < n; i++) {
        if (ts[i] < last) {
          timeBackwards++;
        }
        last = ts[i];
      }
      lastTimestamp = last;
      filterDrops += chain.apply(incoming);
      if (incoming.size() > 0) {
        if (pending.size() == 0) {
          pendingSinceNanos = System.nanoTime();
        }
        pending.addAll(incoming);
        sendPending(false);
      }
    }

    /** Creates the filter chain for the stream's geometry, again when the geometry changes. */
    private void ensureChain() throws IOException {
      Optional<SensorGeometry> g = config.geometry().or(source::announcedGeometry);
      if (g.isEmpty()) {
        throw new IOException(
            source.describe() + " does not announce its sensor size: give --width and --height");
      }
      if (chain == null || !g.get().equals(inputGeometry)) {
        sendPending(true);
        if (chain != null) {
          offGeometryBefore += chain.offGeometryDropped();
        }
        inputGeometry = g.get();
        chain = FilterChain.create(config.filters(), inputGeometry);
      }
    }

    /** Sends every complete packet of {@code pending}, or all of it when {@code force}. */
    void sendPending(boolean force) {
      int size = pending.size();
      if (size == 0 || producer == null) {
        return;
      }
      ReplayConfig publish = config.publish();
      long[] ts = pending.timestampsMicros();
      int from = 0;
      while (from < size) {
        int end =
            PacketBounds.end(
                ts, from, size, publish.packetMaxEvents(), publish.packetMaxSpanMicros());
        boolean complete = end < size || end - from == publish.packetMaxEvents();
        if (!complete && !force) {
          break;
        }
        send(from, end - from);
        from = end;
      }
      if (from == size) {
        pending.clear();
      } else if (from > 0) {
        spare.clear();
        spare.addAll(pending, from, size - from);
        EventBatch t = pending;
        pending = spare;
        spare = t;
      }
    }

    private void send(int from, int count) {
      SensorGeometry out = chain.outputGeometry();
      EventPacket packet =
          codec.encode(
              config.publish().sensorId(),
              sequence++,
              out.width(),
              out.height(),
              pending.xs(),
              pending.ys(),
              pending.polarities(),
              pending.timestampsMicros(),
              from,
              count,
              null);
      producer.send(
          new ProducerRecord<>(config.publish().topic(), config.publish().sensorId(), packet),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
              return;
            }
            ackedEvents.addAndGet(count);
            ackedPackets.incrementAndGet();
            ackedBytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
          });
    }

    private void sleep(long millis) {
      long until = System.nanoTime() + millis * 1_000_000L;
      try {
        while (!stopRequested && System.nanoTime() < until) {
          Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
        }
      } catch (InterruptedException e) {
        stopRequested = true;
      }
    }

    LiveSummary summary() {
      long off = offGeometryBefore + (chain == null ? 0 : chain.offGeometryDropped());
      return new LiveSummary(
          decoded,
          source.decoderDrops(),
          filterDrops,
          off,
          ackedEvents.get(),
          ackedPackets.get(),
          ackedBytes.get(),
          timeBackwards,
          source.sequenceGaps(),
          connects,
          disconnects,
          System.nanoTime() - startNanos,
          Optional.ofNullable(inputGeometry),
          chain == null ? Optional.empty() : Optional.of(chain.outputGeometry()));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
