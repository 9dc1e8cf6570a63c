package io.spikestream.dvs.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Opens recordings by detecting their format.
 *
 * <p>Detection, by the first bytes: {@code #!AER-DAT2.0} is {@link EventFileFormat#AEDAT2}, {@code
 * #!AER-DAT3.1} {@link EventFileFormat#AEDAT31}, {@code #!AER-DAT4.0} {@link
 * EventFileFormat#AEDAT4} (another {@code #!AER-DAT} version is reported as unsupported); a {@code
 * %} header is Prophesee EVT 2.0, EVT 3.0 or DAT by its lines (see {@link PropheseeHeader}). The
 * N-MNIST layouts have no header, so they are told apart by extension: {@code .bin} is {@link
 * EventFileFormat#NMNIST_BIN}, {@code .bs2} is {@link EventFileFormat#NMNIST_BS2}. Anything else is
 * an {@link EventFormatException} naming the file and the formats known.
 */
public final class EventFiles {

  private static final int PROBE_BYTES = 16;

  private EventFiles() {}

  /** The format of {@code path}, from its first bytes and, for headerless formats, its name. */
  public static EventFileFormat detect(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": no such file");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(PROBE_BYTES);
    }
    if (startsWith(head, Aedat2.MAGIC)) {
      return EventFileFormat.AEDAT2;
    }
    if (startsWith(head, StreamFormats.AEDAT4_MAGIC.getBytes(StandardCharsets.US_ASCII))) {
      return EventFileFormat.AEDAT4;
    }
    if (startsWith(head, StreamFormats.AEDAT31_MAGIC.getBytes(StandardCharsets.US_ASCII))) {
      return EventFileFormat.AEDAT31;
    }
    if (PropheseeHeader.looksLikeHeader(head)) {
      return PropheseeHeader.read(path).format();
    }
    if (startsWith(head, "#!AER-DAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      String line = new String(head, java.nio.charset.StandardCharsets.US_ASCII).split("\r|\n")[0];
      throw new EventFormatException(
          path
              + ": unsupported AEDAT version '"
              + line
              + "' (#!AER-DAT2.0, #!AER-DAT3.1 and #!AER-DAT4.0 are read)",
          0);
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".bin")) {
      return EventFileFormat.NMNIST_BIN;
    }
    if (name.endsWith(".bs2")) {
      return EventFileFormat.NMNIST_BS2;
    }
    throw new EventFormatException(
        path
            + ": unknown event file format (expected an AEDAT 2.0/3.1/4.0 header '#!AER-DAT',"
            + " a Prophesee '%' header (EVT 2.0, EVT 3.0, DAT), or an N-MNIST .bin or .bs2 file)",
        0);
  }

  /** Opens {@code path} in its detected format, with the project's axis convention. */
  public static EventReader open(Path path) throws IOException {
    return open(path, AxisConvention.JAER);
  }

  /** Opens {@code path} in its detected format; {@code axes} applies to AEDAT 2.0 only. */
  public static EventReader open(Path path, AxisConvention axes) throws IOException {
    EventFileFormat format = detect(path);
    return switch (format) {
      case AEDAT2 -> Aedat2Reader.open(path, axes);
      case NMNIST_BIN, NMNIST_BS2 -> NmnistReader.open(path, format);
      case AEDAT4 -> StreamFormats.openAedat4(path);
      case AEDAT31 -> StreamFormats.openAedat31(path);
      case EVT2, EVT3, PROPHESEE_DAT -> StreamFormats.openProphesee(path);
    };
  }

  /** Creates (or replaces) {@code path} as a recording in {@code format}. */
  public static EventWriter create(Path path, EventFileFormat format) throws IOException {
    return switch (format) {
      case AEDAT2 -> Aedat2Writer.create(path);
      case NMNIST_BIN, NMNIST_BS2 -> NmnistWriter.create(path, format);
      case EVT2, EVT3 -> PropheseeRawWriter.create(path, format, null);
      case AEDAT31 -> Aedat31Writer.create(path, null);
      case AEDAT4, PROPHESEE_DAT ->
          throw new IllegalArgumentException("writing " + format + " is not supported");
    };
  }

  private static boolean startsWith(byte[] head, byte[] prefix) {
    return head.length >= prefix.length
        && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }
}
