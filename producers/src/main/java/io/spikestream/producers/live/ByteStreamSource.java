package io.spikestream.producers.live;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.ByteStreamDecoder;
import io.spikestream.dvs.io.stream.Evt2StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A source that reads a byte stream and decodes it incrementally with the {@code dvs.io.stream}
 * decoders: a raw Prophesee EVT 2.0 / 3.0 stream from stdin or a named pipe (its {@code %} header
 * lines, if any, give the geometry), or iniVation DV's AEDAT 4 network output over TCP (IOHeader,
 * then packets; the events stream decoded, other streams skipped).
 *
 * <p>A daemon thread reads the stream in chunks of up to 64 KiB into a bounded queue (16 MiB), so
 * that {@link #poll} can wait with a timeout on a blocking stream. Every (re)open starts a fresh
 * decoder: a new connection or a new writer on the pipe starts a new stream with its own header.
 */
public final class ByteStreamSource implements EventSource {

  private static final int CHUNK = 64 << 10;
  private static final byte[] END = new byte[0];

  private final SourceSpec spec;
  private final Optional<SensorGeometry> configured;
  private final StreamOpener opener;
  private final boolean reopenable;
  private final int connectTimeoutMillis;
  private BlockingQueue<byte[]> queue;
  private boolean ended;
  private volatile InputStream in;
  private volatile Socket socket;
  private volatile IOException readError;
  private Thread reader;
  private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private ByteStreamDecoder decoder;
  private PropheseeRawHeader header;
  private Optional<SensorGeometry> announced = Optional.empty();
  private long closedDecoderDrops;
  private long streamOffset;

  private ByteStreamSource(
      SourceSpec spec,
      Optional<SensorGeometry> configured,
      StreamOpener opener,
      boolean reopenable,
      int connectTimeoutMillis) {
    this.spec = spec;
    this.configured = configured;
    this.opener = opener;
    this.reopenable = reopenable;
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  /**
   * The source for an {@code evt2:}/{@code evt3:} spec: stdin ({@code -}) or the path (a named pipe
   * is reopened when its writer goes; stdin is not).
   *
   * @param geometry the sensor size when the stream has no header saying it
   */
  public static ByteStreamSource evt(SourceSpec spec, Optional<SensorGeometry> geometry) {
    requireKind(spec, SourceKind.EVT2, SourceKind.EVT3);
    StreamOpener opener =
        spec.path().isPresent()
            ? () -> Files.newInputStream(spec.path().get())
            : () -> new UnclosableInputStream(System.in);
    return new ByteStreamSource(spec, geometry, opener, spec.path().isPresent(), 0);
  }

  /**
   * An EVT source that reads from {@code opener} instead of the spec's stdin or path (the same
   * decoding path, for embedding and tests).
   */
  public static ByteStreamSource evt(
      SourceSpec spec, Optional<SensorGeometry> geometry, StreamOpener opener, boolean reopen) {
    requireKind(spec, SourceKind.EVT2, SourceKind.EVT3);
    return new ByteStreamSource(spec, geometry, opener, reopen, 0);
  }

  /**
   * The source for a {@code tcp://HOST:PORT} spec: connects as a client to DV's network output.
   *
   * @param geometry the sensor size when the IOHeader does not give it
   * @param connectTimeoutMillis how long one connection attempt may take
   */
  public static ByteStreamSource tcp(
      SourceSpec spec, Optional<SensorGeometry> geometry, int connectTimeoutMillis) {
    requireKind(spec, SourceKind.TCP_AEDAT4, SourceKind.TCP_AEDAT4);
    ByteStreamSource[] self = new ByteStreamSource[1];
    StreamOpener opener =
        () -> {
          Socket s = new Socket();
          try {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(4 << 20);
            s.connect(new InetSocketAddress(spec.host(), spec.port()), connectTimeoutMillis);
          } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + spec + ": " + e.getMessage(), e);
          }
          self[0].socket = s;
          return s.getInputStream();
        };
    self[0] = new ByteStreamSource(spec, geometry, opener, true, connectTimeoutMillis);
    return self[0];
  }

  private static void requireKind(SourceSpec spec, SourceKind a, SourceKind b) {
    if (spec == null || (spec.kind() != a && spec.kind() != b)) {
      throw new IllegalArgumentException("source must be " + a + " or " + b + ", got " + spec);
    }
  }

  @Override
  public void open() throws IOException {
    close();
    closedDecoderDrops += decoder == null ? 0 : decoder.eventsDropped();
    decoder = null;
    header = spec.kind() == SourceKind.TCP_AEDAT4 ? null : new PropheseeRawHeader();
    announced = Optional.empty();
    buffer.clear();
    buffer.flip();
    streamOffset = 0;
    readError = null;
    ended = false;
    BlockingQueue<byte[]> q = new ArrayBlockingQueue<>(256);
    queue = q;
    if (spec.kind() == SourceKind.TCP_AEDAT4) {
      // connect here, so that a refused connection reaches the publisher's backoff at once
      in = opener.open();
      decoder = new Aedat4StreamDecoder(configured.orElse(null));
    }
    reader = new Thread(() -> readLoop(q), "spikestream-source-" + spec.kind());
    reader.setDaemon(true);
    reader.start();
  }

  /** The reader thread: opens the stream (pipes block here until a writer comes) and reads. */
  private void readLoop(BlockingQueue<byte[]> q) {
    try {
      InputStream s = in;
      if (s == null) {
        s = opener.open();
        in = s;
      }
      byte[] buf = new byte[CHUNK];
      int n;
      while ((n = s.read(buf)) >= 0) {
        if (n > 0) {
          byte[] copy = new byte[n];
          System.arraycopy(buf, 0, copy, 0, n);
          q.put(copy);
        }
      }
      // close at once: a named pipe's next writer must not meet this reader (broken pipe)
      s.close();
    } catch (IOException e) {
      readError = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        q.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public int poll(EventBatch out, long timeoutMillis) throws IOException {
    if (queue == null) {
      throw new IOException("source " + spec + " is not open");
    }
    if (ended) {
      IOException e = readError;
      if (e != null) {
        throw new IOException(spec + ": " + e.getMessage(), e);
      }
      return -1;
    }
    int before = out.size();
    byte[] chunk;
    try {
      chunk = queue.poll(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    while (chunk != null) {
      if (chunk == END) {
        ended = true;
        // events decoded before the end go out first; the next poll reports the end
        return out.size() > before ? out.size() - before : poll(out, 0);
      }
      append(chunk);
      decodeBuffered(out);
      chunk = queue.poll();
      if (out.size() - before > (1 << 20)) {
        break; // hand over a large batch; the rest stays queued
      }
    }
    return out.size() - before;
  }

  private void append(byte[] chunk) {
    if (buffer.capacity() - buffer.limit() < chunk.length) {
      buffer.compact();
      if (buffer.remaining() < chunk.length) {
        ByteBuffer bigger =
            ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + chunk.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
      buffer.flip();
    }
    int p = buffer.position();
    int l = buffer.limit();
    buffer.limit(l + chunk.length);
    buffer.position(l);
    buffer.put(chunk);
    buffer.position(p);
  }

  private void decodeBuffered(EventBatch out) throws IOException {
    if (decoder == null && !readHeader()) {
      return;
    }
    int p = buffer.position();
    try {
      decoder.decode(buffer, out);
    } catch (EventFormatException e) {
      throw new IOException(spec + ": " + e.getMessage(), e);
    }
    streamOffset += buffer.position() - p;
  }

  /**
   * Consumes the {@code %} header lines of a Prophesee stream; once the first non-header byte is
   * there, creates the decoder. Returns false while more bytes are needed.
   */
  private boolean readHeader() throws IOException {
    while (buffer.hasRemaining()) {
      int p = buffer.position();
      if (buffer.get(p) != '%') {
        return createEvtDecoder();
      }
      int end = -1;
      for (int i = p; i < buffer.limit(); i++) {
        if (buffer.get(i) == '\n') {
          end = i;
          break;
        }
      }
      if (end < 0) {
        if (buffer.remaining() > 64 << 10) {
          throw new IOException(
              spec + ": header line longer than 64 KiB at offset " + streamOffset);
        }
        return false;
      }
      byte[] line = new byte[end - p - 1];
      buffer.position(p + 1);
      buffer.get(line);
      buffer.get(); // the '\n'
      streamOffset += end - p + 1;
      String text = new String(line, StandardCharsets.US_ASCII).replace("\r", "");
      if (text.strip().equalsIgnoreCase("end")) {
        return createEvtDecoder();
      }
      header.line(text);
    }
    return false;
  }

  private boolean createEvtDecoder() throws IOException {
    int major = spec.kind() == SourceKind.EVT2 ? 2 : 3;
    Optional<Integer> named = header.evtMajor(spec.toString());
    if (named.isPresent() && named.get() != major) {
      throw new IOException(
          spec + ": the stream's header says EVT " + named.get() + ".0, not " + major);
    }
    Optional<SensorGeometry> g = configured.or(header::geometry);
    if (g.isEmpty()) {
      throw new IOException(
          spec + ": the stream's header does not give the sensor size: give --width and --height");
    }
    announced = header.geometry();
    decoder =
        major == 2
            ? new Evt2StreamDecoder(g.get(), streamOffset)
            : new Evt3StreamDecoder(g.get(), streamOffset);
    return true;
  }

  @Override
  public Optional<SensorGeometry> announcedGeometry() {
    if (decoder instanceof Aedat4StreamDecoder a && a.header() != null) {
      return Optional.ofNullable(a.header().geometry());
    }
    return announced;
  }

  @Override
  public long decoderDrops() {
    return closedDecoderDrops + (decoder == null ? 0 : decoder.eventsDropped());
  }

  @Override
  public boolean reopenable() {
    return reopenable;
  }

  @Override
  public String describe() {
    return spec.toString();
  }

  @Override
  public void close() throws IOException {
    InputStream s = in;
    in = null;
    Socket sock = socket;
    socket = null;
    try {
      if (sock != null) {
        sock.close();
      }
      if (s != null) {
        s.close();
      }
    } finally {
      if (reader != null) {
        reader.interrupt();
        reader = null;
      }
    }
  }

  /** Keeps {@code close()} from closing the process's stdin. */
  private static final class UnclosableInputStream extends java.io.FilterInputStream {
    UnclosableInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // stdin stays open for the process
    }
  }
}
