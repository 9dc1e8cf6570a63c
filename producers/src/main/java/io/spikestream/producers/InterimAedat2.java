package io.spikestream.producers;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * INTERIM, to be deleted: a minimal whole-file reader of jAER AEDAT 2.0 DVS128 recordings, only
 * until the dvs module's streaming readers ({@code EventFiles}) land; then {@link ReplaySources}
 * uses them and this class goes. Follows DESIGN section 4: '#' header lines, then big-endian {@code
 * uint32 address, uint32 timestamp}; {@code x = 127 - ((a & 0xFE) >> 1)}, {@code y = (a & 0x7F00)
 * >> 8}, {@code ON = 1 - (a & 1)}; addresses with the external-event bit 0x8000 are skipped; the
 * 32-bit timestamp is unwrapped into a monotonic long.
 */
final class InterimAedat2 {

  private InterimAedat2() {}

  /** Whether the file starts with the AEDAT 2.0 magic line. */
  static boolean isAedat2(Path file) throws IOException {
    byte[] magic = "#!AER-DAT2.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(magic.length);
      return java.util.Arrays.equals(head, magic);
    }
  }

  /** Clears {@code into} and reads every event of the file into it. */
  static SensorGeometry read(Path file, EventBatch into) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int pos = 0;
    // header: lines starting with '#'
    while (pos < bytes.length && bytes[pos] == '#') {
      while (pos < bytes.length && bytes[pos] != '\n') {
        pos++;
      }
      pos++;
    }
    pos = Math.min(pos, bytes.length);
    int payload = bytes.length - pos;
    if (payload % 8 != 0) {
      throw new EventFormatException(
          file + ": " + payload % 8 + " trailing bytes do not form an 8-byte event",
          bytes.length - payload % 8);
    }
    into.clear();
    into.ensureCapacity(payload / 8);
    ByteBuffer bb = ByteBuffer.wrap(bytes, pos, payload).order(ByteOrder.BIG_ENDIAN);
    long wraps = 0;
    long previous = -1;
    while (bb.remaining() >= 8) {
      int a = bb.getInt();
      long t = bb.getInt() & 0xFFFF_FFFFL;
      if (previous >= 0 && t < previous && previous - t > (1L << 31)) {
        wraps++;
      }
      previous = t;
      if ((a & 0x8000) != 0) {
        continue;
      }
      int x = 127 - ((a & 0xFE) >> 1);
      int y = (a & 0x7F00) >> 8;
      into.add(x, y, (a & 1) == 0, t + (wraps << 32));
    }
    return SensorGeometry.DVS128;
  }
}
