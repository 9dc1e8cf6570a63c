package io.spikestream.dvs.io;

import io.spikestream.dvs.SensorGeometry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code %} header lines of a Prophesee RAW or DAT recording or stream state, read the
 * same way by the file readers ({@code EventFiles}) and the live sources (a raw stream on stdin or
 * a named pipe). Lines are given without the leading {@code %}; case and surrounding blanks do not
 * matter.
 *
 * <ul>
 *   <li>RAW encoding: a {@code % evt 2.0} / {@code % evt 3.0} line or a {@code % format EVT2...} /
 *       {@code % format EVT3...} line; any other version is an error (EVT 2.1, 3.1 are not read).
 *   <li>Geometry, first rule that matches wins: {@code % geometry WxH}; {@code width=} and {@code
 *       height=} in the format line; {@code % Width N} and {@code % Height N} lines; the camera
 *       plugin named by {@code % plugin_name} (genx320 or imx8: 320x320; gen4, gen41, imx636 or
 *       imx646: 1280x720; gen3 or gen31: 640x480). Recordings of Metavision 2.x give only the
 *       plugin.
 * </ul>
 */
public final class PropheseeHeaderRules {

  private static final Pattern GEOMETRY = Pattern.compile("^geometry\\s+(\\d+)\\s*x\\s*(\\d+)");
  private static final Pattern FORMAT_W = Pattern.compile("width=(\\d+)");
  private static final Pattern FORMAT_H = Pattern.compile("height=(\\d+)");
  private static final Pattern WIDTH_LINE = Pattern.compile("^width\\s+(\\d+)$");
  private static final Pattern HEIGHT_LINE = Pattern.compile("^height\\s+(\\d+)$");

  private PropheseeHeaderRules() {}

  /**
   * A geometry the header states and the rule that gave it (shown by {@code inspect}).
   *
   * @param geometry the sensor size
   * @param source e.g. "geometry line", "plugin_name hal_plugin_gen3_fx3"
   */
  public record StatedGeometry(SensorGeometry geometry, String source) {}

  /**
   * The RAW encoding the lines name ({@link EventFileFormat#EVT2} or {@link EventFileFormat#EVT3}),
   * empty when no line names one.
   *
   * @param where names the file or stream in the error message
   * @throws EventFormatException when a line names another encoding or version
   */
  public static Optional<EventFileFormat> rawFormat(List<String> lines, String where)
      throws EventFormatException {
    for (String line : lines) {
      String s = normal(line);
      if (s.startsWith("evt ")) {
        String v = s.substring(4).trim();
        if (v.equals("2.0")) {
          return Optional.of(EventFileFormat.EVT2);
        }
        if (v.equals("3.0")) {
          return Optional.of(EventFileFormat.EVT3);
        }
        throw new EventFormatException(
            where
                + ": unsupported Prophesee RAW encoding 'evt "
                + v
                + "' (EVT 2.0 and 3.0 are read)",
            0);
      }
      if (s.startsWith("format ")) {
        String v = s.substring(7).trim();
        if (v.startsWith("evt2;") || v.equals("evt2")) {
          return Optional.of(EventFileFormat.EVT2);
        }
        if (v.startsWith("evt3;") || v.equals("evt3")) {
          return Optional.of(EventFileFormat.EVT3);
        }
        throw new EventFormatException(
            where
                + ": unsupported Prophesee RAW format '"
                + line.strip()
                + "' (EVT2 and EVT3 are read)",
            0);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the lines look like a DAT header ({@code % Version} or {@code % Data file containing}).
   */
  public static boolean namesDat(List<String> lines) {
    for (String line : lines) {
      String s = normal(line);
      if (s.startsWith("version") || s.startsWith("data file containing")) {
        return true;
      }
    }
    return false;
  }

  /** The geometry the lines state by the rules of the class comment; empty when none applies. */
  public static Optional<StatedGeometry> geometry(List<String> lines) {
    int w = -1;
    int h = -1;
    String plugin = "";
    for (String line : lines) {
      String s = normal(line);
      Matcher m = GEOMETRY.matcher(s);
      if (m.find()) {
        return stated(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "geometry line");
      }
      if (s.startsWith("format ")) {
        Matcher mw = FORMAT_W.matcher(s);
        Matcher mh = FORMAT_H.matcher(s);
        if (mw.find() && mh.find()) {
          return stated(
              Integer.parseInt(mw.group(1)), Integer.parseInt(mh.group(1)), "format line");
        }
      }
      Matcher wl = WIDTH_LINE.matcher(s);
      if (wl.find()) {
        w = Integer.parseInt(wl.group(1));
      }
      Matcher hl = HEIGHT_LINE.matcher(s);
      if (hl.find()) {
        h = Integer.parseInt(hl.group(1));
      }
      if (s.startsWith("plugin_name ")) {
        plugin = s.substring(12).trim();
      }
    }
    if (w > 0 && h > 0) {
      return stated(w, h, "width/height lines");
    }
    String source = "plugin_name " + plugin;
    if (plugin.contains("genx320") || plugin.contains("imx8")) {
      return stated(320, 320, source);
    }
    if (plugin.contains("gen4") || plugin.contains("imx636") || plugin.contains("imx646")) {
      return stated(1280, 720, source);
    }
    if (plugin.contains("gen3")) {
      return stated(640, 480, source);
    }
    return Optional.empty();
  }

  private static Optional<StatedGeometry> stated(int width, int height, String source) {
    return Optional.of(new StatedGeometry(new SensorGeometry(width, height), source));
  }

  private static String normal(String line) {
    return line.strip().toLowerCase(Locale.ROOT);
  }
}
