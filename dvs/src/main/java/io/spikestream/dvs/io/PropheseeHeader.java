package io.spikestream.dvs.io;

import io.spikestream.dvs.SensorGeometry;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ASCII header of a Prophesee RAW (EVT 2.0 / EVT 3.0) or DAT file: lines starting with {@code
 * %}, up to the first byte that is not {@code %} at the start of a line.
 *
 * <p>Format and geometry by {@link PropheseeHeaderRules}; a header that names no RAW encoding but
 * has {@code % Version} or {@code % Data file containing} (or a {@code .dat} name) is DAT. Without
 * a stated geometry, DAT files get the ATIS Gen1 304x240 (the sensor the DAT format was made for:
 * N-CARS, GEN1 automotive) and RAW files the 11-bit address range 2048x2048.
 *
 * @param lines header lines without the leading {@code %} and surrounding blanks
 * @param headerBytes bytes of the header (offset of the first binary byte)
 * @param format EVT2, EVT3 or PROPHESEE_DAT
 * @param geometry the sensor geometry by the rules above
 * @param geometrySource which rule gave the geometry (for inspect)
 */
record PropheseeHeader(
    List<String> lines,
    long headerBytes,
    EventFileFormat format,
    SensorGeometry geometry,
    String geometrySource) {

  private static final int MAX_HEADER = 1 << 20;

  /** Whether {@code head} (the first bytes of a file) starts like a Prophesee header. */
  static boolean looksLikeHeader(byte[] head) {
    return head.length >= 2 && head[0] == '%' && (head[1] == ' ' || head[1] == '%');
  }

  static PropheseeHeader read(Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    long pos = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      in.mark(1);
      int b = in.read();
      while (b == '%') {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        pos++;
        while ((b = in.read()) >= 0 && b != '\n') {
          line.write(b);
          pos++;
        }
        if (b == '\n') {
          pos++;
        }
        if (pos > MAX_HEADER) {
          throw new EventFormatException(path + ": Prophesee header longer than 1 MiB", pos);
        }
        lines.add(line.toString(StandardCharsets.US_ASCII).trim());
        b = in.read();
      }
    }
    if (lines.isEmpty()) {
      throw new EventFormatException(path + ": no Prophesee '%' header", 0);
    }
    EventFileFormat format = format(path, lines);
    PropheseeHeaderRules.StatedGeometry g = geometry(lines, format);
    return new PropheseeHeader(List.copyOf(lines), pos, format, g.geometry(), g.source());
  }

  private static EventFileFormat format(Path path, List<String> lines) throws EventFormatException {
    Optional<EventFileFormat> raw = PropheseeHeaderRules.rawFormat(lines, path.toString());
    if (raw.isPresent()) {
      return raw.get();
    }
    if (PropheseeHeaderRules.namesDat(lines)
        || path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dat")) {
      return EventFileFormat.PROPHESEE_DAT;
    }
    throw new EventFormatException(
        path + ": Prophesee header without an 'evt' or 'format' line (RAW) or a DAT version", 0);
  }

  /** The stated geometry, else the format's default (see the class comment). */
  private static PropheseeHeaderRules.StatedGeometry geometry(
      List<String> lines, EventFileFormat format) {
    return PropheseeHeaderRules.geometry(lines)
        .orElseGet(
            () ->
                format == EventFileFormat.PROPHESEE_DAT
                    ? new PropheseeHeaderRules.StatedGeometry(
                        new SensorGeometry(304, 240), "DAT default (ATIS Gen1)")
                    : new PropheseeHeaderRules.StatedGeometry(
                        new SensorGeometry(2048, 2048), "RAW default (11-bit addresses)"));
  }
}
