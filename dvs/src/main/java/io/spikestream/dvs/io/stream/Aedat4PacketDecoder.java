package io.spikestream.dvs.io.stream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes the body of one AEDAT 4.0 events packet (as in a file or on the DV network stream, after
 * the 8-byte stream id and size): decompress (LZ4 frame, Zstandard frame or none), then read the
 * size-prefixed flatbuffer {@code EventPacket} (identifier {@code EVTS}) whose field 0 is a vector
 * of 16-byte {@code Event} structs: int64 timestamp µs (offset 0), int16 x (8), int16 y (10), bool
 * polarity (12, true = ON), 3 bytes padding.
 *
 * <p>An instance reuses its decompression buffers and, for ZSTD, one native decompression context
 * that {@link #close()} frees; events outside its geometry (when one is given) are dropped and
 * counted. Not thread-safe.
 */
public final class Aedat4PacketDecoder implements AutoCloseable {

  /** Bytes of one {@code Event} struct. */
  static final int EVENT_BYTES = 16;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final int width;
  private final int height;
  private final Lz4Frames lz4 = new Lz4Frames();
  private byte[] input = new byte[1 << 16];
  private byte[] zstdOut = new byte[1 << 16];
  private long outOfRange;
  private ZstdDecompressCtx zstdContext;

  /** A decoder that drops and counts events outside {@code geometry}. */
  public Aedat4PacketDecoder(SensorGeometry geometry) {
    this.width = geometry.width();
    this.height = geometry.height();
  }

  /** A decoder without geometry: keeps every event with non-negative coordinates. */
  public Aedat4PacketDecoder() {
    this.width = Integer.MAX_VALUE;
    this.height = Integer.MAX_VALUE;
  }

  /**
   * Decodes one packet body with a throw-away decoder; for repeated use keep an instance.
   *
   * @param packetBody the bytes after the packet's 8-byte header, from position to limit (consumed)
   */
  public static void decodeEventPacket(
      ByteBuffer packetBody, Aedat4Compression compression, EventBatch out)
      throws EventFormatException {
    try (Aedat4PacketDecoder d = new Aedat4PacketDecoder()) {
      d.decode(packetBody, compression, out, 0);
    }
  }

  /**
   * Decodes {@code body} (position to limit, consumed) and appends its events to {@code out}.
   *
   * @param bodyOffset offset of the body's first byte in its file or stream, for error messages
   * @return the number of events appended
   */
  public int decode(ByteBuffer body, Aedat4Compression compression, EventBatch out, long bodyOffset)
      throws EventFormatException {
    int len = body.remaining();
    byte[] src;
    int off;
    if (body.hasArray()) {
      src = body.array();
      off = body.arrayOffset() + body.position();
    } else {
      if (input.length < len) {
        input = new byte[Math.max(len, input.length * 2)];
      }
      body.duplicate().get(input, 0, len);
      src = input;
      off = 0;
    }
    body.position(body.limit());
    byte[] data;
    int dataOff;
    int dataLen;
    switch (compression) {
      case NONE -> {
        data = src;
        dataOff = off;
        dataLen = len;
      }
      case LZ4, LZ4_HIGH -> {
        dataLen = lz4.decompress(src, off, len, bodyOffset);
        data = lz4.out;
        dataOff = 0;
      }
      case ZSTD, ZSTD_HIGH -> {
        dataLen = zstd(src, off, len, bodyOffset);
        data = zstdOut;
        dataOff = 0;
      }
      default -> throw new IllegalStateException("unhandled compression " + compression);
    }
    return decodeFlatbuffer(data, dataOff, dataLen, out, bodyOffset);
  }

  private int zstd(byte[] src, int off, int len, long bodyOffset) throws EventFormatException {
    long size = Zstd.getFrameContentSize(src, off, len);
    if (size > Integer.MAX_VALUE - 16) {
      throw new EventFormatException(
          "AEDAT 4.0 ZSTD packet: content size " + size + " too large", bodyOffset);
    }
    if (size > zstdOut.length) {
      zstdOut = new byte[(int) size];
    }
    if (zstdContext == null) {
      zstdContext = new ZstdDecompressCtx();
    }
    while (true) {
      try {
        return zstdContext.decompressByteArray(zstdOut, 0, zstdOut.length, src, off, len);
      } catch (ZstdException e) {
        String name = e.getMessage() == null ? "corrupt frame" : e.getMessage();
        // content size absent from the frame header: grow and retry
        if (name.contains("too small") && zstdOut.length < (1 << 30)) {
          zstdOut = Arrays.copyOf(zstdOut, zstdOut.length * 4);
          continue;
        }
        throw new EventFormatException("AEDAT 4.0 ZSTD packet: " + name, bodyOffset);
      }
    }
  }

  private int decodeFlatbuffer(byte[] data, int off, int len, EventBatch out, long bodyOffset)
      throws EventFormatException {
    ByteBuffer view = ByteBuffer.wrap(data, 0, off + len);
    int base = off;
    // size-prefixed flatbuffer (as DV writes it): uint32 size = remaining bytes
    if (len >= 4 && (view.order(ByteOrder.LITTLE_ENDIAN).getInt(off) & 0xFFFF_FFFFL) == len - 4) {
      base = off + 4;
    }
    FlatBuffers fb = new FlatBuffers(view, base, off + len, bodyOffset, "AEDAT 4.0 event packet");
    String id = fb.identifier();
    if (!id.equals("EVTS")) {
      throw fb.error("identifier '" + id + "' is not EVTS (not an events packet)", base + 4);
    }
    int field = fb.field(fb.root(), 0);
    if (field < 0) {
      return 0;
    }
    int vector = fb.vector(field);
    int count = fb.vectorLength(vector, EVENT_BYTES);
    out.ensureCapacity(out.size() + count);
    int n = out.size();
    int[] xs = out.xs();
    int[] ys = out.ys();
    boolean[] ps = out.polarities();
    long[] ts = out.timestampsMicros();
    int w = width;
    int h = height;
    int p = vector + 4;
    long dropped = 0;
    for (int i = 0; i < count; i++, p += EVENT_BYTES) {
      int x = (short) SHORT_LE.get(data, p + 8);
      int y = (short) SHORT_LE.get(data, p + 10);
      // unsigned compare: negative coordinates are outside too
      if (Integer.compareUnsigned(x, w) >= 0 || Integer.compareUnsigned(y, h) >= 0) {
        dropped++;
        continue;
      }
      ts[n] = (long) LONG_LE.get(data, p);
      xs[n] = x;
      ys[n] = y;
      ps[n] = data[p + 12] != 0;
      n++;
    }
    outOfRange += dropped;
    int appended = n - out.size();
    out.setSize(n);
    return appended;
  }

  /** Events dropped because their coordinates fell outside the geometry. */
  public long eventsDropped() {
    return outOfRange;
  }

  /** Frees the native ZSTD context, if one was made. */
  @Override
  public void close() {
    if (zstdContext != null) {
      zstdContext.close();
      zstdContext = null;
    }
  }
}
