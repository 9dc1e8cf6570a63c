package io.spikestream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Real recordings from {@code ../shared/data} (see PROVENANCE.md there) through codec and serde in
 * packets of 1,000 events: every event comes back. The files are parsed here with a minimal reader
 * of their raw layout, since {@code schemas} must not depend on {@code dvs}.
 */
class RealRecordingRoundTripTest {

  private static final int PACKET = 1000;

  private static Path data(String relative) {
    String dir = System.getProperty("spikestream.shared.dir");
    assumeTrue(dir != null, "system property spikestream.shared.dir not set: skipping real data");
    Path p = Path.of(dir, "data", relative);
    assumeTrue(Files.isRegularFile(p), "shared recording " + p + " absent: skipping");
    return p;
  }

  /** Parallel columns of a whole recording. */
  record Recording(int width, int height, int[] xs, int[] ys, boolean[] on, long[] ts) {}

  /** N-MNIST 40-bit events: x, y, polarity bit + 23-bit timestamp (us), big-endian. */
  private static Recording nmnist(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int n = b.length / 5;
    Recording r = new Recording(34, 34, new int[n], new int[n], new boolean[n], new long[n]);
    for (int i = 0; i < n; i++) {
      int o = 5 * i;
      r.xs[i] = b[o] & 0xFF;
      r.ys[i] = b[o + 1] & 0xFF;
      r.on[i] = (b[o + 2] & 0x80) != 0;
      r.ts[i] = ((b[o + 2] & 0x7FL) << 16) | ((b[o + 3] & 0xFFL) << 8) | (b[o + 4] & 0xFFL);
    }
    return r;
  }

  /** jAER AEDAT 2.0 DVS128: '#' header lines, then big-endian uint32 address and timestamp. */
  private static Recording aedat2(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int pos = 0;
    while (pos < b.length && b[pos] == '#') {
      while (pos < b.length && b[pos] != '\n') {
        pos++;
      }
      pos++;
    }
    ByteBuffer buf = ByteBuffer.wrap(b, pos, b.length - pos);
    int n = buf.remaining() / 8;
    Recording r = new Recording(128, 128, new int[n], new int[n], new boolean[n], new long[n]);
    for (int i = 0; i < n; i++) {
      int a = buf.getInt();
      long t = buf.getInt() & 0xFFFFFFFFL;
      // DESIGN section 4, jAER convention
      r.xs[i] = 127 - ((a & 0xFE) >> 1);
      r.ys[i] = (a & 0x7F00) >> 8;
      r.on[i] = (a & 1) == 0;
      r.ts[i] = t;
    }
    return r;
  }

  /** Round trip in packets; returns serialized bytes per event. */
  private static double roundTrip(Recording r) {
    EventPacketCodec codec = new EventPacketCodec();
    SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
    EventColumns out = new EventColumns();
    int n = r.xs.length;
    long bytes = 0;
    for (int from = 0, seq = 0; from < n; from += PACKET, seq++) {
      int count = Math.min(PACKET, n - from);
      EventPacket p =
          codec.encode("real", seq, r.width, r.height, r.xs, r.ys, r.on, r.ts, from, count, null);
      byte[] wire = serde.serialize("dvs.events", p);
      bytes += wire.length;
      codec.decode(serde.deserialize("dvs.events", wire), out, OutOfRange.REJECT);
      assertThat(out.size()).isEqualTo(count);
      assertThat(Arrays.copyOf(out.xs(), count))
          .containsExactly(Arrays.copyOfRange(r.xs, from, from + count));
      assertThat(Arrays.copyOf(out.ys(), count))
          .containsExactly(Arrays.copyOfRange(r.ys, from, from + count));
      assertThat(Arrays.copyOf(out.polarities(), count))
          .containsExactly(Arrays.copyOfRange(r.on, from, from + count));
      assertThat(Arrays.copyOf(out.timestampsMicros(), count))
          .containsExactly(Arrays.copyOfRange(r.ts, from, from + count));
    }
    return (double) bytes / n;
  }

  @Test
  void nmnistRecordingRoundTripsCompactly() throws IOException {
    Recording r = nmnist(data("nmnist/tonic_sample_nmnist.bin"));
    assertThat(r.xs.length).isGreaterThan(1000);
    double perEvent = roundTrip(r);
    // 4 bytes of coordinates + 1 bit of polarity + 1-3 bytes of delta, against 12.6 B/event for
    // one Avro int/long field per value (FACTS.md)
    assertThat(perEvent).isBetween(5.0, 8.0);
  }

  @Test
  void dvs128RecordingRoundTrips() throws IOException {
    Recording r = aedat2(data("aedat2/colleenpamchen_jAER_DVS128-2017-03-21-short.aedat"));
    assertThat(r.xs.length).isGreaterThan(10_000);
    assertThat(roundTrip(r)).isBetween(5.0, 8.0);
  }
}
