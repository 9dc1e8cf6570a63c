package io.spikestream.producers.live;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Optional;

/**
 * Listens on {@code HOST:PORT} for AEStream UDP event packets ({@link AestreamUdpDecoder}), e.g.
 * from {@code aestream input inivation output udp 10.0.0.2 3333}. A datagram socket cannot "end":
 * {@link #poll} returns 0 while nothing arrives.
 */
public final class UdpEventSource implements EventSource {

  /** Largest UDP payload. */
  private static final int MAX_DATAGRAM = 65_507;

  private final SourceSpec spec;
  private final AestreamUdpDecoder decoder = new AestreamUdpDecoder();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private DatagramChannel channel;
  private Selector selector;

  public UdpEventSource(SourceSpec spec) {
    if (spec == null || spec.kind() != SourceKind.UDP) {
      throw new IllegalArgumentException("UdpEventSource needs a udp:// source, got " + spec);
    }
    this.spec = spec;
  }

  @Override
  public void open() throws IOException {
    close();
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
      ch.bind(new InetSocketAddress(spec.host(), spec.port()));
      ch.configureBlocking(false);
      selector = Selector.open();
      ch.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot listen on " + spec + ": " + e.getMessage(), e);
    }
    channel = ch;
  }

  /** The port it listens on (useful with port 0); -1 when not open. */
  public int localPort() {
    if (channel == null) {
      return -1;
    }
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public int poll(EventBatch out, long timeoutMillis) throws IOException {
    if (channel == null) {
      throw new IOException("udp source " + spec + " is not open");
    }
    int appended = 0;
    if (selector.select(Math.max(1, timeoutMillis)) == 0) {
      return 0;
    }
    selector.selectedKeys().clear();
    // drain everything queued, then hand the events over
    for (int i = 0; i < 1024; i++) {
      buffer.clear();
      if (channel.receive(buffer) == null) {
        break;
      }
      buffer.flip();
      appended += decoder.decode(buffer, out, System.currentTimeMillis() * 1000L);
    }
    return appended;
  }

  @Override
  public Optional<SensorGeometry> announcedGeometry() {
    return Optional.empty();
  }

  @Override
  public long decoderDrops() {
    return decoder.drops();
  }

  @Override
  public boolean reopenable() {
    return true;
  }

  @Override
  public String describe() {
    return spec.toString();
  }

  @Override
  public void close() throws IOException {
    if (selector != null) {
      selector.close();
      selector = null;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
