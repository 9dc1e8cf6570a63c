package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.io.EventFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few flatbuffers reads that AEDAT 4.0 needs, with bounds checks: a buffer starts with a uint32
 * offset to the root table; a table starts with an int32 {@code soffset} back to its vtable ({@code
 * vtable = table - soffset}); a vtable holds uint16 vtable size, uint16 table size, then one uint16
 * offset per field (0 = absent); a vector or string field holds a uint32 offset (from the field) to
 * a uint32 length followed by the elements. All little-endian.
 */
final class FlatBuffers {

  private final ByteBuffer buf;
  private final int base;
  private final int limit;
  private final long fileOffset;
  private final String what;

  /**
   * @param buf the bytes, read little-endian (its order is not changed)
   * @param base index of the flatbuffer's first byte (its root offset)
   * @param limit index after its last byte
   * @param fileOffset file or stream offset of {@code buf[base]}, for error messages
   * @param what what the buffer is, for error messages
   */
  FlatBuffers(ByteBuffer buf, int base, int limit, long fileOffset, String what) {
    this.buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.base = base;
    this.limit = limit;
    this.fileOffset = fileOffset;
    this.what = what;
  }

  /** Index of the root table. */
  int root() throws EventFormatException {
    check(base, 4, "root offset");
    return checkedTarget(base, buf.getInt(base), "root table");
  }

  /** Index of field {@code field}'s bytes in table {@code table}, or -1 when absent. */
  int field(int table, int field) throws EventFormatException {
    check(table, 4, "table");
    int vtable = table - buf.getInt(table);
    check(vtable, 4, "vtable");
    int vtableSize = buf.getShort(vtable) & 0xFFFF;
    int tableSize = buf.getShort(vtable + 2) & 0xFFFF;
    check(vtable, vtableSize, "vtable");
    int entry = 4 + 2 * field;
    if (entry + 2 > vtableSize) {
      return -1;
    }
    int o = buf.getShort(vtable + entry) & 0xFFFF;
    if (o == 0) {
      return -1;
    }
    if (o >= tableSize) {
      throw error("field " + field + " offset " + o + " outside its table of " + tableSize, table);
    }
    return table + o;
  }

  /** Index of the uint32 length of the vector or string that {@code fieldPos} refers to. */
  int vector(int fieldPos) throws EventFormatException {
    check(fieldPos, 4, "vector offset");
    int v = checkedTarget(fieldPos, buf.getInt(fieldPos), "vector");
    check(v, 4, "vector length");
    return v;
  }

  /** The vector's element count, checked against the buffer for {@code elementBytes} each. */
  int vectorLength(int vector, int elementBytes) throws EventFormatException {
    long len = buf.getInt(vector) & 0xFFFF_FFFFL;
    if (vector + 4 + len * elementBytes > limit) {
      throw error(
          "vector of " + len + " x " + elementBytes + " bytes runs past the end of the buffer",
          vector);
    }
    return (int) len;
  }

  /** The UTF-8 string that {@code fieldPos} refers to. */
  String string(int fieldPos) throws EventFormatException {
    int v = vector(fieldPos);
    int len = vectorLength(v, 1);
    byte[] b = new byte[len];
    buf.get(v + 4, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  int getInt(int pos) throws EventFormatException {
    check(pos, 4, "int32");
    return buf.getInt(pos);
  }

  long getLong(int pos) throws EventFormatException {
    check(pos, 8, "int64");
    return buf.getLong(pos);
  }

  /** The 4 identifier bytes after the root offset, as ASCII, or "" when the buffer is shorter. */
  String identifier() {
    if (base + 8 > limit) {
      return "";
    }
    byte[] b = new byte[4];
    buf.get(base + 4, b);
    return new String(b, StandardCharsets.US_ASCII);
  }

  private int checkedTarget(int from, int rel, String name) throws EventFormatException {
    long target = (long) from + (rel & 0xFFFF_FFFFL);
    if (target >= limit) {
      throw error(name + " offset " + (rel & 0xFFFF_FFFFL) + " points past the buffer", from);
    }
    return (int) target;
  }

  private void check(int pos, int len, String name) throws EventFormatException {
    if (pos < base || (long) pos + len > limit) {
      throw error(name + " at " + (pos - base) + " outside the buffer of " + (limit - base), pos);
    }
  }

  EventFormatException error(String message, int pos) {
    return new EventFormatException(what + ": " + message, fileOffset + (pos - base));
  }
}
