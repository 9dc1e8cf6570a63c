package io.spikestream.producers.live;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a live stream comes from, parsed from the {@code --source} text: {@code udp://HOST:PORT},
 * {@code tcp://HOST:PORT}, {@code evt2:-}, {@code evt3:-} (stdin) or {@code evt2:PATH} / {@code
 * evt3:PATH} (a file or named pipe).
 *
 * @param kind transport and encoding
 * @param host host name or address (network kinds; empty otherwise)
 * @param port port 0..65535 (network kinds; 0 for UDP picks a free port)
 * @param path the file or pipe (byte-stream kinds); empty = stdin
 */
public record SourceSpec(SourceKind kind, String host, int port, Optional<Path> path) {

  public SourceSpec {
    if (kind == null) {
      throw new IllegalArgumentException("source kind must be set, got null");
    }
    if (host == null || path == null) {
      throw new IllegalArgumentException("source host and path must be set (may be empty)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("source port must be in 0..65535, got " + port);
    }
    boolean network = kind == SourceKind.UDP || kind == SourceKind.TCP_AEDAT4;
    if (network && host.isBlank()) {
      throw new IllegalArgumentException("source host must not be blank for " + kind);
    }
    if (kind == SourceKind.TCP_AEDAT4 && port == 0) {
      throw new IllegalArgumentException("source port must be in 1..65535 for tcp, got 0");
    }
  }

  /** Whether the source reads stdin. */
  public boolean stdin() {
    return (kind == SourceKind.EVT2 || kind == SourceKind.EVT3) && path.isEmpty();
  }

  /** Parses {@code udp://HOST:PORT}, {@code tcp://HOST:PORT}, {@code evt2:-}, {@code evt3:PATH}. */
  public static SourceSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("source must not be blank, got '" + text + "'");
    }
    String t = text.strip();
    if (t.startsWith("udp://") || t.startsWith("tcp://")) {
      SourceKind kind = t.startsWith("udp") ? SourceKind.UDP : SourceKind.TCP_AEDAT4;
      String hostPort = t.substring(6);
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0 || colon == hostPort.length() - 1) {
        throw new IllegalArgumentException(
            "source must be udp://HOST:PORT or tcp://HOST:PORT, got '" + text + "'");
      }
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "source port must be a number, got '" + hostPort.substring(colon + 1) + "'", e);
      }
      return new SourceSpec(kind, host, port, Optional.empty());
    }
    int colon = t.indexOf(':');
    String scheme = colon < 0 ? t : t.substring(0, colon);
    SourceKind kind =
        switch (scheme) {
          case "evt2" -> SourceKind.EVT2;
          case "evt3" -> SourceKind.EVT3;
          default ->
              throw new IllegalArgumentException(
                  "source must be udp://HOST:PORT, tcp://HOST:PORT, evt2:-|PATH or evt3:-|PATH,"
                      + " got '"
                      + text
                      + "'");
        };
    String rest = colon < 0 ? "" : t.substring(colon + 1);
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "source " + scheme + " needs '-' (stdin) or a path, got '" + text + "'");
    }
    return new SourceSpec(
        kind, "", 0, rest.equals("-") ? Optional.empty() : Optional.of(Path.of(rest)));
  }

  @Override
  public String toString() {
    return switch (kind) {
      case UDP -> "udp://" + host + ":" + port;
      case TCP_AEDAT4 -> "tcp://" + host + ":" + port;
      case EVT2, EVT3 ->
          kind.name().toLowerCase(java.util.Locale.ROOT)
              + ":"
              + path.map(Path::toString).orElse("-");
    };
  }
}
