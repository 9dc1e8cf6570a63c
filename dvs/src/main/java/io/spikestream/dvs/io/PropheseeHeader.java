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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ASCII header of a Prophesee RAW (EVT 2.0 / EVT 3.0) or DAT file: lines starting with {@code
 * %}, up to the first byte that is not {@code %} at the start of a line.
 *
 * <p>Format: a {@code % evt 2.0} / {@code % evt 3.0} line or a {@code % format EVT2...} / {@code %
 * format EVT3...} line makes a RAW file; otherwise a header with {@code % Version} or {@code % Data
 * file containing} (or a {@code .dat} name) is DAT. Geometry, first match wins: {@code % geometry
 * WxH}; {@code width=}/{@code height=} in the format line; {@code % Width N} and {@code % Height
 * N}; the sensor generation named by {@code plugin_name} (gen3/gen31: 640x480, gen4/gen41/imx636:
 * 1280x720, genx320: 320x320); else DAT files get the ATIS Gen1 304x240 (the sensor the DAT format
 * was made for: N-CARS, GEN1 automotive) and RAW files the 11-bit address range 2048x2048.
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
  private static final Pattern GEOMETRY = Pattern.compile("^geometry\\s+(\\d+)\\s*x\\s*(\\d+)");
  private static final Pattern FORMAT_W = Pattern.compile("width=(\\d+)");
  private static final Pattern FORMAT_H = Pattern.compile("height=(\\d+)");

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
    String[] source = new String[1];
    SensorGeometry g = geometry(lines, format, source);
    return new PropheseeHeader(List.copyOf(lines), pos, format, g, source[0]);
  }

  private static EventFileFormat format(Path path, List<String> lines) throws EventFormatException {
    for (String l : lines) {
      String s = l.toLowerCase(Locale.ROOT);
      if (s.startsWith("evt ")) {
        String v = s.substring(4).trim();
        if (v.equals("2.0")) {
          return EventFileFormat.EVT2;
        }
        if (v.equals("3.0")) {
          return EventFileFormat.EVT3;
        }
        throw new EventFormatException(
            path
                + ": unsupported Prophesee RAW encoding 'evt "
                + v
                + "' (EVT 2.0 and 3.0 are read)",
            0);
      }
      if (s.startsWith("format ")) {
        String v = s.substring(7).trim();
        if (v.startsWith("evt2;") || v.equals("evt2")) {
          return EventFileFormat.EVT2;
        }
        if (v.startsWith("evt3;") || v.equals("evt3")) {
          return EventFileFormat.EVT3;
        }
        throw new EventFormatException(
            path + ": unsupported Prophesee RAW format '" + l + "' (EVT2 and EVT3 are read)", 0);
      }
    }
    for (String l : lines) {
      String s = l.toLowerCase(Locale.ROOT);
      if (s.startsWith("version") || s.startsWith("data file containing")) {
        return EventFileFormat.PROPHESEE_DAT;
      }
    }
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dat")) {
      return EventFileFormat.PROPHESEE_DAT;
    }
    throw new EventFormatException(
        path + ": Prophesee header without an 'evt' or 'format' line (RAW) or a DAT version", 0);
  }

  private static SensorGeometry geometry(
      List<String> lines, EventFileFormat format, String[] source) {
    int w = -1;
    int h = -1;
    String plugin = "";
    for (String l : lines) {
      String s = l.toLowerCase(Locale.ROOT);
      Matcher m = GEOMETRY.matcher(s);
      if (m.find()) {
        source[0] = "geometry line";
        return new SensorGeometry(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
      if (s.startsWith("format ")) {
        Matcher mw = FORMAT_W.matcher(s);
        Matcher mh = FORMAT_H.matcher(s);
        if (mw.find() && mh.find()) {
          source[0] = "format line";
          return new SensorGeometry(Integer.parseInt(mw.group(1)), Integer.parseInt(mh.group(1)));
        }
      }
      if (s.matches("^width\\s+\\d+$")) {
        w = Integer.parseInt(s.substring(5).trim());
      }
      if (s.matches("^height\\s+\\d+$")) {
        h = Integer.parseInt(s.substring(6).trim());
      }
      if (s.startsWith("plugin_name ")) {
        plugin = s.substring(12).trim();
      }
    }
    if (w > 0 && h > 0) {
      source[0] = "width/height lines";
      return new SensorGeometry(w, h);
    }
    if (plugin.contains("genx320")) {
      source[0] = "plugin_name " + plugin;
      return new SensorGeometry(320, 320);
    }
    if (plugin.contains("gen4") || plugin.contains("imx636")) {
      source[0] = "plugin_name " + plugin;
      return new SensorGeometry(1280, 720);
    }
    if (plugin.contains("gen3")) {
      source[0] = "plugin_name " + plugin;
      return new SensorGeometry(640, 480);
    }
    if (format == EventFileFormat.PROPHESEE_DAT) {
      source[0] = "DAT default (ATIS Gen1)";
      return new SensorGeometry(304, 240);
    }
    source[0] = "RAW default (11-bit addresses)";
    return new SensorGeometry(2048, 2048);
  }
}
