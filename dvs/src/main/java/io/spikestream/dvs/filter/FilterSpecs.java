package io.spikestream.dvs.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the command-line form of one filter stage (grammar in docs/filters.md):
 *
 * <pre>
 * spec     := name [ ":" args ]
 * args     := arg { "," arg }
 * arg      := key "=" value | value          (a bare value sets the filter's main parameter)
 * duration := number [ "us" | "ms" | "s" ]   (no unit = microseconds)
 * </pre>
 *
 * <p>Names and keys: {@code denoise} (main {@code dt}; {@code neighbours=8|4}), {@code refractory}
 * (main {@code period}; {@code per-polarity=true|false}), {@code hotpixel} ({@code pixel=X/Y},
 * repeatable; {@code calibrate=duration}; {@code k=number}), {@code roi} ({@code x}, {@code y},
 * {@code w}, {@code h}), {@code downsample} (main {@code factor}), {@code polarity} (main {@code
 * on|off|both}). Errors name the filter, the key and the bad value.
 */
public final class FilterSpecs {

  /** Longest accepted duration: one hour. */
  public static final long MAX_MICROS = 3_600_000_000L;

  private FilterSpecs() {}

  /** Parses one stage, e.g. {@code denoise:dt=10ms} or {@code downsample:2}. */
  public static FilterSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("filter spec must not be blank, got '" + text + "'");
    }
    String t = text.strip();
    int colon = t.indexOf(':');
    String name = (colon < 0 ? t : t.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : t.substring(colon + 1);
    List<String[]> args = new ArrayList<>();
    if (!rest.isBlank()) {
      for (String part : rest.split(",", -1)) {
        String p = part.strip();
        if (p.isEmpty()) {
          throw new IllegalArgumentException("filter '" + t + "': empty argument");
        }
        int eq = p.indexOf('=');
        args.add(
            eq < 0
                ? new String[] {null, p}
                : new String[] {
                  p.substring(0, eq).strip().toLowerCase(Locale.ROOT), p.substring(eq + 1).strip()
                });
      }
    }
    return switch (name) {
      case "denoise" -> denoise(t, args);
      case "refractory" -> refractory(t, args);
      case "hotpixel" -> hotPixel(t, args);
      case "roi" -> roi(t, args);
      case "downsample" -> downsample(t, args);
      case "polarity" -> polarity(t, args);
      default ->
          throw new IllegalArgumentException(
              "unknown filter '"
                  + name
                  + "' in '"
                  + t
                  + "' (known: denoise, refractory, hotpixel, roi, downsample, polarity)");
    };
  }

  /** Parses stages in order. */
  public static List<FilterSpec> parseAll(List<String> texts) {
    List<FilterSpec> specs = new ArrayList<>();
    if (texts != null) {
      for (String s : texts) {
        specs.add(parse(s));
      }
    }
    return List.copyOf(specs);
  }

  private static FilterSpec denoise(String spec, List<String[]> args) {
    Map<String, String> m = single(spec, "denoise", "dt", args, Set.of("dt", "neighbours"));
    String dt = require(spec, "denoise", "dt", m);
    Neighbourhood n =
        m.containsKey("neighbours")
            ? Neighbourhood.ofCount(parseInt("denoise", "neighbours", m.get("neighbours")))
            : DenoiseFilter.Config.DEFAULT_NEIGHBOURHOOD;
    return new DenoiseFilter.Config(parseMicros("denoise.dt", dt), n);
  }

  private static FilterSpec refractory(String spec, List<String[]> args) {
    Map<String, String> m =
        single(spec, "refractory", "period", args, Set.of("period", "per-polarity"));
    String period = require(spec, "refractory", "period", m);
    boolean perPolarity =
        m.containsKey("per-polarity")
            && parseBoolean("refractory", "per-polarity", m.get("per-polarity"));
    return new RefractoryFilter.Config(parseMicros("refractory.period", period), perPolarity);
  }

  private static FilterSpec hotPixel(String spec, List<String[]> args) {
    List<HotPixelFilter.Pixel> pixels = new ArrayList<>();
    long calibrate = 0;
    double k = HotPixelFilter.Config.DEFAULT_FACTOR;
    for (String[] a : args) {
      String key = a[0];
      if (key == null) {
        throw new IllegalArgumentException(
            "filter '" + spec + "': hotpixel takes pixel=X/Y, calibrate=DURATION, k=NUMBER");
      }
      switch (key) {
        case "pixel" -> pixels.add(parsePixel(a[1]));
        case "calibrate" -> calibrate = parseMicros("hotpixel.calibrate", a[1]);
        case "k" -> k = parseDouble("hotpixel", "k", a[1]);
        default ->
            throw new IllegalArgumentException(
                "filter '" + spec + "': unknown key '" + key + "' (known: pixel, calibrate, k)");
      }
    }
    return new HotPixelFilter.Config(pixels, calibrate, k);
  }

  private static FilterSpec roi(String spec, List<String[]> args) {
    Map<String, String> m = single(spec, "roi", null, args, Set.of("x", "y", "w", "h"));
    int x = m.containsKey("x") ? parseInt("roi", "x", m.get("x")) : 0;
    int y = m.containsKey("y") ? parseInt("roi", "y", m.get("y")) : 0;
    int w = parseInt("roi", "w", require(spec, "roi", "w", m));
    int h = parseInt("roi", "h", require(spec, "roi", "h", m));
    return new RoiFilter.Config(x, y, w, h);
  }

  private static FilterSpec downsample(String spec, List<String[]> args) {
    Map<String, String> m = single(spec, "downsample", "factor", args, Set.of("factor"));
    return new DownsampleFilter.Config(
        parseInt("downsample", "factor", require(spec, "downsample", "factor", m)));
  }

  private static FilterSpec polarity(String spec, List<String[]> args) {
    Map<String, String> m = single(spec, "polarity", "keep", args, Set.of("keep"));
    String v = require(spec, "polarity", "keep", m).toUpperCase(Locale.ROOT);
    try {
      return new PolarityFilter.Config(PolaritySelection.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "polarity must be on, off or both, got '" + m.get("keep") + "'", e);
    }
  }

  /** Arguments as a map; a bare value goes to {@code mainKey}; each key at most once. */
  private static Map<String, String> single(
      String spec, String filter, String mainKey, List<String[]> args, Set<String> known) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String[] a : args) {
      String key = a[0] == null ? mainKey : a[0];
      if (key == null) {
        throw new IllegalArgumentException(
            "filter '" + spec + "': " + filter + " takes key=value arguments, got '" + a[1] + "'");
      }
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "filter '"
                + spec
                + "': unknown key '"
                + key
                + "' for "
                + filter
                + " (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
      if (m.put(key, a[1]) != null) {
        throw new IllegalArgumentException(
            "filter '" + spec + "': " + filter + "." + key + " given twice");
      }
    }
    return m;
  }

  private static String require(String spec, String filter, String key, Map<String, String> m) {
    String v = m.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(
          "filter '" + spec + "': " + filter + "." + key + " is required");
    }
    return v;
  }

  private static HotPixelFilter.Pixel parsePixel(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("hotpixel.pixel must be X/Y, got '" + text + "'");
    }
    return new HotPixelFilter.Pixel(
        parseInt("hotpixel", "pixel", text.substring(0, slash)),
        parseInt("hotpixel", "pixel", text.substring(slash + 1)));
  }

  /**
   * Parses a duration: a non-negative number with unit {@code us}, {@code ms} or {@code s}; no unit
   * means microseconds. Fractions are allowed ({@code 0.5ms} = 500 µs).
   *
   * @param field named in the error
   */
  public static long parseMicros(String field, String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    double scale;
    String number;
    if (t.endsWith("us") || t.endsWith("µs")) {
      scale = 1;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("ms")) {
      scale = 1_000;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      scale = 1_000_000;
      number = t.substring(0, t.length() - 1);
    } else {
      scale = 1;
      number = t;
    }
    double v;
    try {
      v = Double.parseDouble(number.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          field + " must be a duration like 10ms, 500us or 1s, got '" + text + "'", e);
    }
    double micros = v * scale;
    if (!(micros >= 0) || micros > MAX_MICROS || micros != Math.rint(micros)) {
      throw new IllegalArgumentException(
          field + " must be a whole number of microseconds in 0..1h, got '" + text + "'");
    }
    return (long) micros;
  }

  /** The shortest exact form of a duration: {@code 10ms}, {@code 1s}, {@code 250us}. */
  public static String formatMicros(long micros) {
    if (micros != 0 && micros % 1_000_000 == 0) {
      return micros / 1_000_000 + "s";
    }
    if (micros != 0 && micros % 1_000 == 0) {
      return micros / 1_000 + "ms";
    }
    return micros + "us";
  }

  /** Checks a duration of a config record: 1 µs .. 1 h. */
  static void requireMicros(String field, long micros) {
    if (micros < 1 || micros > MAX_MICROS) {
      throw new IllegalArgumentException(
          field + " must be in 1us..1h, got " + micros + " microseconds");
    }
  }

  private static int parseInt(String filter, String key, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          filter + "." + key + " must be an integer, got '" + text + "'", e);
    }
  }

  private static double parseDouble(String filter, String key, String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          filter + "." + key + " must be a number, got '" + text + "'", e);
    }
  }

  private static boolean parseBoolean(String filter, String key, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              filter + "." + key + " must be true or false, got '" + text + "'");
    };
  }
}
