package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * INTERIM, to be deleted: packs events into an {@code EventPacket} following the layout in
 * EventPacket.avsc (uint16 LE columns, LSB-first polarity bits, zigzag LEB128 deltas from the first
 * event), only until the schemas module's {@code EventPacketCodec} lands; then {@link
 * ReplayProducer} calls the codec and this class goes. Not tuned for speed.
 */
final class PacketEncoding {
  private PacketEncoding() {}

  static EventPacket encode(
      String sensorId,
      long seq,
      SensorGeometry g,
      EventBatch b,
      int from,
      int count,
      SampleInfo info) {
    byte[] xs = new byte[2 * count];
    byte[] ys = new byte[2 * count];
    byte[] pol = new byte[(count + 7) / 8];
    ByteArrayOutputStream ts = new ByteArrayOutputStream(count * 2);
    long base = count == 0 ? info.getSampleStartMicros() : b.timestampsMicros()[from];
    long prev = base;
    for (int i = 0; i < count; i++) {
      int x = b.xs()[from + i];
      int y = b.ys()[from + i];
      xs[2 * i] = (byte) x;
      xs[2 * i + 1] = (byte) (x >>> 8);
      ys[2 * i] = (byte) y;
      ys[2 * i + 1] = (byte) (y >>> 8);
      if (b.polarities()[from + i]) {
        pol[i >>> 3] |= (byte) (1 << (i & 7));
      }
      long t = b.timestampsMicros()[from + i];
      long d = t - prev;
      prev = t;
      long z = (d << 1) ^ (d >> 63);
      while ((z & ~0x7FL) != 0) {
        ts.write((int) ((z & 0x7F) | 0x80));
        z >>>= 7;
      }
      ts.write((int) z);
    }
    return EventPacket.newBuilder()
        .setSensorId(sensorId)
        .setSequence(seq)
        .setWidth(g.width())
        .setHeight(g.height())
        .setBaseTimestampMicros(base)
        .setEventCount(count)
        .setX(ByteBuffer.wrap(xs))
        .setY(ByteBuffer.wrap(ys))
        .setPolarity(ByteBuffer.wrap(pol))
        .setTimestampDeltas(ByteBuffer.wrap(ts.toByteArray()))
        .setSample(info)
        .build();
  }
}
