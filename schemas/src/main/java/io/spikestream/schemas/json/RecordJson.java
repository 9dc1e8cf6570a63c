package io.spikestream.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.EventPacketFormatException;
import io.spikestream.schemas.codec.OutOfRange;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.specific.SpecificRecord;

/**
 * Renders records as JSON with every field. An {@code EventPacket} shows its header and sample
 * fields and its events decoded as {@code "events": {"x": [...], "y": [...], "on": [...], "t":
 * [...]}} (absolute timestamps in microseconds; out-of-range events are dropped and counted in
 * {@code droppedOutOfRange}; a packet that breaks the layout gets {@code "eventsError"} instead). A
 * {@code ModelRecord}'s artifact appears as {@code {"sizeBytes", "sha256"}}, not as bytes.
 *
 * <p>Keeps decode buffers between calls: not thread-safe, one per thread.
 */
public final class RecordJson {

  private final ObjectMapper mapper = new ObjectMapper();
  private final EventPacketCodec codec = new EventPacketCodec();
  private final EventColumns columns = new EventColumns();

  /** One line of JSON for {@code record}. */
  public String toJson(SpecificRecord record) {
    try {
      return mapper.writeValueAsString(toNode(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** The JSON tree of one of the three records. */
  public ObjectNode toNode(SpecificRecord record) {
    if (record instanceof EventPacket p) {
      return eventPacket(p);
    }
    if (record instanceof Classification c) {
      return classification(c);
    }
    if (record instanceof ModelRecord m) {
      return modelRecord(m);
    }
    throw new IllegalArgumentException(
        "record must be an EventPacket, Classification or ModelRecord, got "
            + (record == null ? "null" : record.getClass().getName()));
  }

  /** An empty object node from this renderer's mapper, for callers that wrap records. */
  public ObjectNode objectNode() {
    return mapper.createObjectNode();
  }

  /** Serialises any node built from {@link #objectNode()} or {@link #toNode}. */
  public String write(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  private ObjectNode eventPacket(EventPacket p) {
    ObjectNode n = mapper.createObjectNode();
    n.put("sensorId", p.getSensorId());
    n.put("sequence", p.getSequence());
    n.put("width", p.getWidth());
    n.put("height", p.getHeight());
    n.put("baseTimestampMicros", p.getBaseTimestampMicros());
    n.put("eventCount", p.getEventCount());
    SampleInfo s = p.getSample();
    if (s == null) {
      n.putNull("sample");
    } else {
      ObjectNode sn = n.putObject("sample");
      sn.put("sampleId", s.getSampleId());
      if (s.getLabel() == null) {
        sn.putNull("label");
      } else {
        sn.put("label", s.getLabel());
      }
      sn.put("labelName", s.getLabelName());
      sn.put("sampleStartMicros", s.getSampleStartMicros());
      sn.put("sampleDurationMicros", s.getSampleDurationMicros());
      sn.put("endOfSample", s.getEndOfSample());
    }
    try {
      int k = codec.decode(p, columns, OutOfRange.DROP);
      ObjectNode ev = n.putObject("events");
      ArrayNode xs = ev.putArray("x");
      ArrayNode ys = ev.putArray("y");
      ArrayNode on = ev.putArray("on");
      ArrayNode ts = ev.putArray("t");
      for (int i = 0; i < k; i++) {
        xs.add(columns.xs()[i]);
        ys.add(columns.ys()[i]);
        on.add(columns.polarities()[i]);
        ts.add(columns.timestampsMicros()[i]);
      }
      n.put("droppedOutOfRange", columns.droppedOutOfRange());
    } catch (EventPacketFormatException e) {
      n.put("eventsError", e.getMessage());
    }
    return n;
  }

  private ObjectNode classification(Classification c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("sensorId", c.getSensorId());
    n.put("sampleId", c.getSampleId());
    n.put("windowStartMicros", c.getWindowStartMicros());
    n.put("predictedClass", c.getPredictedClass());
    n.put("predictedName", c.getPredictedName());
    ArrayNode scores = n.putArray("scores");
    for (Float f : c.getScores()) {
      scores.add(f);
    }
    n.put("exitStep", c.getExitStep());
    n.put("timesteps", c.getTimesteps());
    n.put("exitReason", c.getExitReason() == null ? null : c.getExitReason().name());
    n.put("eventTimeLatencyMicros", c.getEventTimeLatencyMicros());
    n.put("wallClockLatencyMicros", c.getWallClockLatencyMicros());
    n.put("emittedAtMillis", c.getEmittedAtMillis());
    n.put("modelName", c.getModelName());
    n.put("modelVersion", c.getModelVersion());
    if (c.getTrueLabel() == null) {
      n.putNull("trueLabel");
    } else {
      n.put("trueLabel", c.getTrueLabel());
    }
    return n;
  }

  private ObjectNode modelRecord(ModelRecord m) {
    ObjectNode n = mapper.createObjectNode();
    n.put("modelName", m.getModelName());
    n.put("version", m.getVersion());
    n.put("createdAtMillis", m.getCreatedAtMillis());
    ByteBuffer a = m.getArtifact();
    if (a == null) {
      n.putNull("artifact");
    } else {
      ObjectNode an = n.putObject("artifact");
      an.put("sizeBytes", a.remaining());
      an.put("sha256", sha256(a));
    }
    n.put("reference", m.getReference());
    n.put("sha256", m.getSha256());
    n.put("sizeBytes", m.getSizeBytes());
    return n;
  }

  private static String sha256(ByteBuffer b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b.duplicate());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
