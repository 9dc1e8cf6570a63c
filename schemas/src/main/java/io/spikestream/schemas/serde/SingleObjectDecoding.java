package io.spikestream.schemas.serde;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.EventPacketFormatException;
import io.spikestream.schemas.serde.RecordDecodingException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * The one decoding path of every deserializer: header, fingerprint lookup, a structural pass, the
 * real decode, content checks; every failure becomes a {@link RecordDecodingException} with its
 * reason, never an index or allocation error.
 *
 * <p>The structural pass skips through the body with Avro's own skip logic before decoding: random
 * bytes after a valid header can hold a length prefix of gigabytes, which a decoder reading from a
 * stream would try to allocate, while skipping over a byte array just hits its end. After the pass
 * every length is known to fit the message, and left-over bytes are detected.
 */
final class SingleObjectDecoding {

  private SingleObjectDecoding() {}

  /** The writer schema named in {@code data}'s header. */
  static Schema writerSchema(byte[] data, KnownSchemas store) {
    long fp = KnownSchemas.headerFingerprint(data);
    Schema writer = store.findByFingerprint(fp);
    if (writer == null) {
      throw new RecordDecodingException(
          Reason.UNKNOWN_SCHEMA,
          String.format(
              Locale.ROOT, "writer schema fingerprint %016x is not a known schema version", fp));
    }
    return writer;
  }

  /** Decodes {@code data}, written with {@code writer}, with {@code decoder}. */
  static <T> T decode(
      byte[] data, Schema writer, BinaryMessageDecoder<T> decoder, RecordKind kind) {
    checkStructure(data, writer);
    T value;
    try {
      value = decoder.decode(data);
    } catch (IOException | RuntimeException e) {
      throw classify(e, writer);
    }
    checkContent(value, kind);
    return value;
  }

  private static void checkStructure(byte[] data, Schema writer) {
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(
                data, KnownSchemas.HEADER_LENGTH, data.length - KnownSchemas.HEADER_LENGTH, null);
    try {
      GenericDatumReader.skip(writer, in);
      if (!in.isEnd()) {
        throw new RecordDecodingException(
            Reason.CORRUPT,
            "bytes left over after a complete "
                + writer.getName()
                + " ("
                + data.length
                + " bytes in all)");
      }
    } catch (RecordDecodingException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw classify(e, writer);
    }
  }

  private static RecordDecodingException classify(Exception e, Schema writer) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return new RecordDecodingException(
            Reason.TRUNCATED, "the bytes end inside a " + writer.getName(), e);
      }
    }
    return new RecordDecodingException(
        Reason.CORRUPT,
        "the body is not a valid "
            + writer.getName()
            + " ("
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + ")",
        e);
  }

  /** Rules the schema cannot express. */
  static void checkContent(Object value, RecordKind kind) {
    if (kind == RecordKind.EVENT_PACKET) {
      try {
        EventPacketCodec.checkLayout((EventPacket) value);
      } catch (EventPacketFormatException e) {
        throw new RecordDecodingException(Reason.INVALID_CONTENT, e.getMessage(), e);
      }
    }
  }
}
