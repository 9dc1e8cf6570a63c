package io.spikestream.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * An immutable {@link SchemaStore}: every writer schema a single-object decoder may meet, by the
 * 64-bit Rabin fingerprint of its parsing canonical form (the one in the single-object header). The
 * {@link #standard()} store holds the current schemas of the three records and the older versions
 * listed in the resource {@code io/spikestream/schemas/history/index}.
 */
public final class KnownSchemas implements SchemaStore {

  /** Single-object encoding magic, the first two bytes of every message. */
  static final byte MAGIC_0 = (byte) 0xC3;

  static final byte MAGIC_1 = (byte) 0x01;

  /** Magic (2 bytes) + fingerprint (8 bytes, little-endian). */
  public static final int HEADER_LENGTH = 10;

  private static final String HISTORY = "/io/spikestream/schemas/history/";

  private final Map<Long, Schema> byFingerprint;

  private KnownSchemas(Map<Long, Schema> byFingerprint) {
    this.byFingerprint = Collections.unmodifiableMap(byFingerprint);
  }

  /** The current schemas and the older versions shipped in the history resource folder. */
  public static KnownSchemas standard() {
    Map<Long, Schema> map = new LinkedHashMap<>();
    for (RecordKind k : RecordKind.values()) {
      map.put(fingerprint(k.schema()), k.schema());
    }
    for (Schema s : loadHistory()) {
      map.putIfAbsent(fingerprint(s), s);
    }
    return new KnownSchemas(map);
  }

  /** A store that also knows {@code schema} (e.g. a version read from elsewhere). */
  public KnownSchemas with(Schema schema) {
    Map<Long, Schema> map = new LinkedHashMap<>(byFingerprint);
    map.putIfAbsent(fingerprint(schema), schema);
    return new KnownSchemas(map);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** Every known schema, current ones first. */
  public List<Schema> all() {
    return List.copyOf(byFingerprint.values());
  }

  /** The fingerprint that single-object encoding writes for {@code schema}. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * Reads the fingerprint of a single-object message.
   *
   * @throws RecordDecodingException with {@link RecordDecodingException.Reason#BAD_MAGIC} or {@link
   *     RecordDecodingException.Reason#TRUNCATED} when there is no valid header
   */
  public static long headerFingerprint(byte[] data) {
    if (data.length >= 1 && data[0] != MAGIC_0 || data.length >= 2 && data[1] != MAGIC_1) {
      throw new RecordDecodingException(
          RecordDecodingException.Reason.BAD_MAGIC,
          "not Avro single-object encoding: the first bytes are "
              + hex(data, Math.min(2, data.length))
              + ", expected c3 01");
    }
    if (data.length < HEADER_LENGTH) {
      throw new RecordDecodingException(
          RecordDecodingException.Reason.TRUNCATED,
          data.length + " byte(s) is shorter than the " + HEADER_LENGTH + "-byte header");
    }
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (data[i] & 0xFF);
    }
    return fp;
  }

  static String hex(byte[] data, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", data[i] & 0xFF));
    }
    return sb.toString();
  }

  private static List<Schema> loadHistory() {
    List<Schema> out = new ArrayList<>();
    try (InputStream index = KnownSchemas.class.getResourceAsStream(HISTORY + "index")) {
      if (index == null) {
        return out;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = KnownSchemas.class.getResourceAsStream(HISTORY + name)) {
          if (in == null) {
            throw new IllegalStateException("schema history lists missing resource " + name);
          }
          out.add(new Schema.Parser().parse(in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema history", e);
    }
    return out;
  }
}
