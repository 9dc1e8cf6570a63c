package io.spikestream.producers.live;

import io.spikestream.dvs.SensorGeometry;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ASCII header of a Prophesee RAW stream says (lines starting with {@code %}): the event
 * format ({@code % evt 3.0}, {@code % format EVT3;height=720;width=1280}) and the sensor geometry,
 * from {@code % geometry WxH}, the {@code format} line's width and height, or else the camera
 * plugin ({@code % plugin_name hal_plugin_gen3_fx3}: Gen3 VGA 640×480; {@code gen41} or {@code
 * imx636}: 1280×720; {@code imx8}: 320×320; {@code gen31}: 640×480). Recordings of Metavision 2.x
 * (e.g. the ones in ../shared/data) give only the plugin.
 */
final class PropheseeRawHeader {

  private static final Pattern GEOMETRY = Pattern.compile("^geometry\\s+(\\d+)\\s*x\\s*(\\d+)");
  private static final Pattern EVT = Pattern.compile("^evt\\s+([23])(\\.\\d+)?");
  private static final Pattern WIDTH = Pattern.compile("width=(\\d+)");
  private static final Pattern HEIGHT = Pattern.compile("height=(\\d+)");

  private Integer width;
  private Integer height;
  private SensorGeometry byPlugin;
  private Integer evtMajor;

  /** Reads one header line (without the leading {@code %} and the line end). */
  void line(String text) {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    Matcher g = GEOMETRY.matcher(lower);
    if (g.find()) {
      width = Integer.valueOf(g.group(1));
      height = Integer.valueOf(g.group(2));
      return;
    }
    Matcher e = EVT.matcher(lower);
    if (e.find()) {
      evtMajor = Integer.valueOf(e.group(1));
      return;
    }
    if (lower.startsWith("format")) {
      if (lower.contains("evt3")) {
        evtMajor = 3;
      } else if (lower.contains("evt2")) {
        evtMajor = 2;
      }
      Matcher w = WIDTH.matcher(lower);
      Matcher h = HEIGHT.matcher(lower);
      if (w.find() && h.find()) {
        width = Integer.valueOf(w.group(1));
        height = Integer.valueOf(h.group(1));
      }
      return;
    }
    if (lower.startsWith("plugin_name")) {
      if (lower.contains("gen41") || lower.contains("imx636") || lower.contains("imx646")) {
        byPlugin = new SensorGeometry(1280, 720);
      } else if (lower.contains("imx8")) {
        byPlugin = new SensorGeometry(320, 320);
      } else if (lower.contains("gen3")) {
        byPlugin = new SensorGeometry(640, 480);
      }
    }
  }

  /** The geometry the header gives, if any. */
  Optional<SensorGeometry> geometry() {
    if (width != null && height != null) {
      return Optional.of(new SensorGeometry(width, height));
    }
    return Optional.ofNullable(byPlugin);
  }

  /** The EVT major version the header names (2 or 3), if any. */
  Optional<Integer> evtMajor() {
    return Optional.ofNullable(evtMajor);
  }
}
