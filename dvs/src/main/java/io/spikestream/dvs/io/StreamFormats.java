package io.spikestream.dvs.io;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.stream.Aedat31StreamDecoder;
import io.spikestream.dvs.io.stream.Aedat4Header;
import io.spikestream.dvs.io.stream.Aedat4StreamDecoder;
import io.spikestream.dvs.io.stream.DatStreamDecoder;
import io.spikestream.dvs.io.stream.Evt2StreamDecoder;
import io.spikestream.dvs.io.stream.Evt3StreamDecoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens the formats that are read through the byte-stream decoders of {@code
 * io.spikestream.dvs.io.stream} (one decode path for files and live streams): Prophesee EVT 2.0,
 * EVT 3.0 and DAT, AEDAT 4.0 and AEDAT 3.1. Each parses its file header here, then hands the
 * payload to a {@link ByteStreamFileReader}.
 */
final class StreamFormats {

  static final String AEDAT4_MAGIC = "#!AER-DAT4.0";
  static final String AEDAT31_MAGIC = "#!AER-DAT3.1";
  private static final String AEDAT31_END = "#!END-HEADER";

  private StreamFormats() {}

  /** EVT 2.0 / EVT 3.0 RAW or DAT, by its '%' header. */
  static EventReader openProphesee(Path path) throws IOException {
    PropheseeHeader h = PropheseeHeader.read(path);
    long start = h.headerBytes();
    return switch (h.format()) {
      case EVT2 ->
          new ByteStreamFileReader(
              path, start, h.format(), h.geometry(), new Evt2StreamDecoder(h.geometry(), start));
      case EVT3 ->
          new ByteStreamFileReader(
              path, start, h.format(), h.geometry(), new Evt3StreamDecoder(h.geometry(), start));
      case PROPHESEE_DAT -> openDat(path, h);
      default -> throw new IllegalStateException("not a Prophesee format: " + h.format());
    };
  }

  private static EventReader openDat(Path path, PropheseeHeader h) throws IOException {
    byte[] typeSize = new byte[2];
    try (InputStream in = Files.newInputStream(path)) {
      in.skipNBytes(h.headerBytes());
      if (in.readNBytes(typeSize, 0, 2) < 2) {
        throw new EventFormatException(
            path + ": DAT file ends before its event type and size bytes", h.headerBytes());
      }
    }
    int type = typeSize[0] & 0xFF;
    int size = typeSize[1] & 0xFF;
    if (type != 0x00 && type != 0x0C) {
      throw new EventFormatException(
          path + ": DAT event type 0x" + Integer.toHexString(type) + " is not CD (0x00 or 0x0c)",
          h.headerBytes());
    }
    if (size < 8) {
      throw new EventFormatException(
          path + ": DAT event size " + size + " is smaller than 8 bytes", h.headerBytes() + 1);
    }
    long start = h.headerBytes() + 2;
    return new ByteStreamFileReader(
        path,
        start,
        EventFileFormat.PROPHESEE_DAT,
        h.geometry(),
        new DatStreamDecoder(h.geometry(), size, start));
  }

  /** AEDAT 4.0: version line, IOHeader, packets up to the data table. */
  static EventReader openAedat4(Path path) throws IOException {
    Aedat4StreamDecoder decoder = new Aedat4StreamDecoder(null);
    long headerEnd;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      byte[] line = in.readNBytes(AEDAT4_MAGIC.length() + 2);
      if (!new String(line, StandardCharsets.US_ASCII).startsWith(AEDAT4_MAGIC)) {
        throw new EventFormatException(path + ": not an AEDAT 4.0 file (no #!AER-DAT4.0)", 0);
      }
      byte[] sizeBytes = in.readNBytes(4);
      if (sizeBytes.length < 4) {
        throw new EventFormatException(path + ": AEDAT 4.0 file ends in its header", line.length);
      }
      int size = ByteBuffer.wrap(sizeBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      if (size < 8 || size > (1 << 26)) {
        throw new EventFormatException(
            path + ": AEDAT 4.0 IOHeader size " + size + " is implausible", line.length);
      }
      byte[] header = in.readNBytes(size);
      if (header.length < size) {
        throw new EventFormatException(
            path + ": AEDAT 4.0 file ends in its IOHeader", line.length + 4 + header.length);
      }
      ByteBuffer all =
          ByteBuffer.allocate(line.length + 4 + size).put(line).put(sizeBytes).put(header).flip();
      decoder.decode(all, new io.spikestream.dvs.EventBatch(1));
      headerEnd = decoder.bytePosition();
    }
    Aedat4Header h = decoder.header();
    if (h == null) {
      throw new EventFormatException(path + ": AEDAT 4.0 IOHeader not readable", 0);
    }
    if (h.eventStream() == null) {
      throw new EventFormatException(
          path + ": AEDAT 4.0 file declares no events (EVTS) stream in its infoNode", 0);
    }
    SensorGeometry g = h.geometry();
    if (g == null) {
      throw new EventFormatException(
          path + ": AEDAT 4.0 events stream has no sizeX/sizeY in its infoNode", 0);
    }
    return new ByteStreamFileReader(path, headerEnd, EventFileFormat.AEDAT4, g, decoder);
  }

  /**
   * AEDAT 3.1: '#' header lines ending with {@code #!END-HEADER}, then libcaer packets. Geometry
   * from the first {@code #Source N: NAME} line: DVS128 128x128, DAVIS240 240x180, DAVIS346
   * 346x260, DAVIS640/DVXplorer 640x480; otherwise the 15-bit address range 32767x32767.
   */
  static EventReader openAedat31(Path path) throws IOException {
    long pos = 0;
    String source = null;
    boolean ended = false;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        pos++;
        if (b != '\n') {
          line.append((char) b);
          if (line.length() > 1 << 16) {
            throw new EventFormatException(path + ": AEDAT 3.1 header line too long", pos);
          }
          continue;
        }
        String l = line.toString().trim();
        line.setLength(0);
        if (!l.startsWith("#")) {
          throw new EventFormatException(
              path + ": AEDAT 3.1 header line does not start with '#'", pos - l.length() - 1);
        }
        if (l.startsWith("#Source ") && source == null) {
          source = l.substring(l.indexOf(':') + 1).trim();
        }
        if (l.equals(AEDAT31_END)) {
          ended = true;
          break;
        }
      }
    }
    if (!ended) {
      throw new EventFormatException(path + ": AEDAT 3.1 header without #!END-HEADER", pos);
    }
    SensorGeometry g = aedat31Geometry(source);
    return new ByteStreamFileReader(
        path, pos, EventFileFormat.AEDAT31, g, new Aedat31StreamDecoder(g, pos));
  }

  static SensorGeometry aedat31Geometry(String source) {
    String s = source == null ? "" : source.toUpperCase(Locale.ROOT);
    if (s.startsWith("DVS128")) {
      return SensorGeometry.DVS128;
    }
    if (s.startsWith("DAVIS240")) {
      return new SensorGeometry(240, 180);
    }
    if (s.startsWith("DAVIS346")) {
      return new SensorGeometry(346, 260);
    }
    if (s.startsWith("DAVIS640") || s.startsWith("DVXPLORER")) {
      return new SensorGeometry(640, 480);
    }
    return new SensorGeometry(SensorGeometry.MAX_SIDE, SensorGeometry.MAX_SIDE);
  }
}
