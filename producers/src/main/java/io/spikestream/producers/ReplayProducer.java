package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterChain;
import io.spikestream.dvs.filter.FilterSpec;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays recorded samples to Kafka as {@code EventPacket} records (key = sensor id), paced in
 * event time.
 *
 * <p>Each sample is loaded whole, placed on the replay's event-time axis by {@link ReplayTimeline}
 * (samples back to back, every packet carrying the sample's start and duration), cut into packets
 * of at most {@link ReplayConfig#packetMaxEvents()} events and {@link
 * ReplayConfig#packetMaxSpanMicros()}, and sent with per-sensor sequence numbers 0, 1, 2, ... The
 * last packet of a sample has {@code endOfSample = true}; a sample without events is sent as one
 * empty packet with the flag. A packet is sent when the wall clock reaches its last event's time
 * divided by the speed (unpaced at {@code max}).
 *
 * <p>The producer is idempotent with {@code acks=all}: a retried batch is neither lost nor
 * duplicated, and one key's packets stay in order. Before sending, an Admin client checks within
 * {@link ReplayConfig#connectTimeoutMillis()} that the broker answers and the topic exists.
 *
 * <p>{@link #requestStop()} (e.g. from a Ctrl-C hook) ends the replay after the current sample: its
 * remaining packets go out unpaced, so no sample is left without its end marker. If sending fails,
 * the {@link ReplayException}'s summary names the sample that was cut.
 */
public final class ReplayProducer {

  private final ReplayConfig config;
  private final Serializer<EventPacket> valueSerializer;
  private final List<FilterSpec> filters;
  private volatile boolean stopRequested;

  /**
   * @param valueSerializer serializes the packets, normally {@code
   *     SpikestreamSerdes.eventPacket().serializer()} (single-object encoding); it is closed with
   *     the producer
   */
  public ReplayProducer(ReplayConfig config, Serializer<EventPacket> valueSerializer) {
    this(config, valueSerializer, List.of());
  }

  /**
   * A replay whose samples pass through {@code filters} ({@code dvs.filter}) before packing; each
   * sample is filtered on its own (state reset between samples, as they are separate recordings)
   * and its packets carry the filtered geometry.
   */
  public ReplayProducer(
      ReplayConfig config, Serializer<EventPacket> valueSerializer, List<FilterSpec> filters) {
    if (filters == null) {
      throw new IllegalArgumentException("filters must be a list (may be empty), got null");
    }
    this.filters = List.copyOf(filters);
    if (config == null) {
      throw new IllegalArgumentException("config must be set, got null");
    }
    if (valueSerializer == null) {
      throw new IllegalArgumentException("valueSerializer must be set, got null");
    }
    this.config = config;
    this.valueSerializer = valueSerializer;
  }

  public ReplayConfig config() {
    return config;
  }

  /** Asks a running {@link #replay} to finish the current sample and stop. Thread-safe. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Whether a stop was requested. */
  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Checks, within the configured timeout, that the broker answers and the topic exists.
   *
   * @throws IOException with one clear line when the broker cannot be reached or the topic is
   *     missing
   */
  public void checkBrokerAndTopic() throws IOException {
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis());
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.setProperty(
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        Integer.toString(Math.min(timeout, 1000)));
    p.setProperty(
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        Integer.toString(Math.min(timeout, 2000)));
    p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "spikestream-replay-check");
    String where = "Kafka at " + config.bootstrapServers();
    try (Admin admin = Admin.create(p)) {
      try {
        admin
            .describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
            .nodes()
            .get(timeout + 1000L, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException(
            "cannot reach " + where + " within " + timeout + " ms (is the broker running?)", e);
      }
      try {
        admin
            .describeTopics(List.of(config.topic()), new DescribeTopicsOptions().timeoutMs(timeout))
            .allTopicNames()
            .get(timeout + 1000L, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          throw new IOException(
              "topic '"
                  + config.topic()
                  + "' does not exist on "
                  + where
                  + " (topics are not created automatically; 'spikestream broker' creates the"
                  + " default ones)",
              e);
        }
        throw new IOException(
            "cannot describe topic '" + config.topic() + "' on " + where + ": " + e.getCause(), e);
      } catch (TimeoutException e) {
        throw new IOException(
            "cannot describe topic '" + config.topic() + "' on " + where + " (timed out)", e);
      }
    } catch (KafkaException e) {
      throw new IOException("cannot connect to " + where + ": " + rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking " + where, e);
    }
  }

  /**
   * Checks the broker and topic, then replays the samples in order.
   *
   * @return what was sent; {@link ReplaySummary#stoppedEarly()} when {@link #requestStop()} or an
   *     interrupt ended it before the last sample
   * @throws ReplayException when a sample cannot be loaded or the broker rejects a packet; its
   *     summary says what was sent and which sample was cut
   * @throws IOException when the broker is unreachable or the topic missing (nothing was sent)
   */
  public ReplaySummary replay(List<ReplaySample> samples, ReplayListener listener)
      throws IOException {
    checkBrokerAndTopic();
    Run run = null;
    try (Producer<String, EventPacket> producer =
        new KafkaProducer<>(producerProperties(), new StringSerializer(), valueSerializer)) {
      run = new Run(producer, samples, listener);
      return run.run();
    } catch (KafkaException e) {
      throw new IOException("Kafka producer failed: " + rootMessage(e), e);
    } finally {
      if (run != null && run.interrupted) {
        // restored only after the producer closed: an interrupted thread cannot close it cleanly
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The producer settings: idempotent, acks=all, batching and compression as configured. */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "spikestream-replay-" + config.sensorId());
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression().kafkaName());
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(config.lingerMillis()));
    p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(config.batchSizeBytes()));
    p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
    p.setProperty(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(Math.max(1 << 20, 2 * config.batchSizeBytes())));
    p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.connectTimeoutMillis()));
    p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    p.setProperty(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(30_000L + config.lingerMillis()));
    return p;
  }

  /** One replay's state; used by one thread, except the acknowledgement counters. */
  private final class Run {
    private final Producer<String, EventPacket> producer;
    private final List<ReplaySample> samples;
    private final ReplayListener listener;
    private final EventBatch batch = new EventBatch(1 << 16);
    private final EventPacketCodec codec = new EventPacketCodec();
    private FilterChain chain;
    private final AtomicLong ackedEvents = new AtomicLong();
    private final AtomicLong ackedPackets = new AtomicLong();
    private final AtomicLong ackedBytes = new AtomicLong();
    private final AtomicLong ackedSamples = new AtomicLong();
    private final AtomicReference<String> lastCompleteSample = new AtomicReference<>();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private long sequence;
    private long handedEvents;
    private long wallStartNanos;
    private boolean interrupted;

    /** The first failed packet: which sample, and the error. */
    private record Failure(String sampleId, long sequence, Exception error) {}

    Run(
        Producer<String, EventPacket> producer,
        List<ReplaySample> samples,
        ReplayListener listener) {
      this.producer = producer;
      this.samples = List.copyOf(samples);
      this.listener = listener == null ? ReplayListener.none() : listener;
    }

    ReplaySummary run() throws ReplayException {
      long origin = config.originMicros().orElseGet(() -> System.currentTimeMillis() * 1000L);
      ReplayTimeline timeline = new ReplayTimeline(origin);
      // fetch the topic's metadata first, so that the paced clock starts with a ready producer
      producer.partitionsFor(config.topic());
      wallStartNanos = System.nanoTime();
      int handedSamples = 0;
      String openSample = null;
      for (ReplaySample sample : samples) {
        if (stopRequested || failure.get() != null) {
          break;
        }
        SensorGeometry geometry;
        try {
          geometry = filter(sample.loader().load(batch));
        } catch (IOException | RuntimeException e) {
          throw fail("cannot read sample " + sample.sampleId() + ": " + e.getMessage(), e, null);
        }
        openSample = sample.sampleId();
        sendSample(sample, geometry, timeline, origin);
        if (failure.get() == null) {
          openSample = null;
        }
        handedSamples++;
        listener.sampleSent(
            handedSamples, samples.size(), handedEvents, System.nanoTime() - wallStartNanos);
      }
      producer.flush();
      Failure f = failure.get();
      if (f != null) {
        String cut = openSample != null ? openSample : f.sampleId();
        throw fail(
            "sending sample "
                + f.sampleId()
                + " (packet "
                + f.sequence()
                + ") failed: "
                + rootMessage(f.error()),
            f.error(),
            cut);
      }
      return summary(handedSamples < samples.size(), Optional.empty());
    }

    /** Filters the loaded sample in place; returns the geometry its packets carry. */
    private SensorGeometry filter(SensorGeometry geometry) {
      if (filters.isEmpty()) {
        return geometry;
      }
      if (chain == null || !chain.inputGeometry().equals(geometry)) {
        chain = FilterChain.create(filters, geometry);
      } else {
        chain.reset();
      }
      chain.apply(batch);
      return chain.outputGeometry();
    }

    private void sendSample(
        ReplaySample sample, SensorGeometry geometry, ReplayTimeline timeline, long origin) {
      int n = batch.size();
      long[] ts = batch.timestampsMicros();
      ReplayTimeline.Placement place =
          timeline.place(ts, n, sample.startMicros(), sample.durationMicros());
      long shift = place.shiftMicros();
      for (int i = 0; i < n; i++) {
        ts[i] += shift;
      }
      if (n == 0) {
        pace(place.startMicros(), origin);
        send(sample, geometry, place, 0, 0, true);
        return;
      }
      for (int from = 0; from < n; ) {
        int end =
            PacketBounds.end(ts, from, n, config.packetMaxEvents(), config.packetMaxSpanMicros());
        pace(ts[end - 1], origin);
        send(sample, geometry, place, from, end, end == n);
        if (failure.get() != null) {
          return;
        }
        from = end;
      }
    }

    /** Waits until the wall clock reaches {@code eventMicros} on the replay's paced timeline. */
    private void pace(long eventMicros, long origin) {
      if (Thread.interrupted()) {
        // cleared so that the producer's own waits (flush, close) are not cut short
        interrupted = true;
        stopRequested = true;
      }
      if (config.unpaced() || stopRequested) {
        return;
      }
      long targetNanos = wallStartNanos + (long) ((eventMicros - origin) * 1000.0 / config.speed());
      long waitNanos = targetNanos - System.nanoTime();
      if (waitNanos <= 0) {
        return;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        // finish the current sample unpaced, then stop; the flag is restored at the end
        interrupted = true;
        stopRequested = true;
      }
    }

    private void send(
        ReplaySample sample,
        SensorGeometry geometry,
        ReplayTimeline.Placement place,
        int from,
        int end,
        boolean endOfSample) {
      SampleInfo info =
          SampleInfo.newBuilder()
              .setSampleId(sample.sampleId())
              .setLabel(sample.label())
              .setLabelName(sample.labelName())
              .setSampleStartMicros(place.startMicros())
              .setSampleDurationMicros(place.durationMicros())
              .setEndOfSample(endOfSample)
              .build();
      long seq = sequence++;
      EventPacket packet =
          codec.encode(
              config.sensorId(),
              seq,
              geometry.width(),
              geometry.height(),
              batch.xs(),
              batch.ys(),
              batch.polarities(),
              batch.timestampsMicros(),
              from,
              end - from,
              info);
      int count = end - from;
      handedEvents += count;
      String sampleId = sample.sampleId();
      producer.send(
          new ProducerRecord<>(config.topic(), config.sensorId(), packet),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, new Failure(sampleId, seq, error));
              return;
            }
            ackedEvents.addAndGet(count);
            ackedPackets.incrementAndGet();
            ackedBytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
            if (endOfSample) {
              ackedSamples.incrementAndGet();
              lastCompleteSample.set(sampleId);
            }
          });
    }

    private ReplayException fail(String message, Exception cause, String cutSample) {
      try {
        producer.flush();
      } catch (KafkaException ignored) {
        // the summary below counts only what the broker acknowledged
      }
      return new ReplayException(message, cause, summary(true, Optional.ofNullable(cutSample)));
    }

    private ReplaySummary summary(boolean stoppedEarly, Optional<String> cut) {
      return new ReplaySummary(
          (int) ackedSamples.get(),
          samples.size(),
          ackedEvents.get(),
          ackedPackets.get(),
          ackedBytes.get(),
          System.nanoTime() - wallStartNanos,
          stoppedEarly,
          Optional.ofNullable(lastCompleteSample.get()),
          cut);
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
