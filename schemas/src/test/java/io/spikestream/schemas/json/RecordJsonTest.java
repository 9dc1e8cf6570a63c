package io.spikestream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.schemas.Classification;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.ExitReason;
import io.spikestream.schemas.ModelRecord;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

  private final RecordJson json = new RecordJson();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void eventPacketShowsHeaderSampleAndDecodedEvents() throws Exception {
    SampleInfo s =
        SampleInfo.newBuilder()
            .setSampleId("a.bin")
            .setLabel(2)
            .setLabelName("two")
            .setSampleStartMicros(100)
            .setSampleDurationMicros(50)
            .build();
    EventPacket p =
        new EventPacketCodec()
            .encode(
                "cam",
                9,
                34,
                34,
                new int[] {1, 33},
                new int[] {2, 0},
                new boolean[] {true, false},
                new long[] {120, 110},
                0,
                2,
                s);
    JsonNode n = mapper.readTree(json.toJson(p));
    assertThat(n.get("sensorId").asText()).isEqualTo("cam");
    assertThat(n.get("sequence").asLong()).isEqualTo(9);
    assertThat(n.get("width").asInt()).isEqualTo(34);
    assertThat(n.get("baseTimestampMicros").asLong()).isEqualTo(120);
    assertThat(n.get("eventCount").asInt()).isEqualTo(2);
    assertThat(n.get("sample").get("labelName").asText()).isEqualTo("two");
    assertThat(n.get("sample").get("endOfSample").asBoolean()).isFalse();
    assertThat(n.get("events").get("x").toString()).isEqualTo("[1,33]");
    assertThat(n.get("events").get("y").toString()).isEqualTo("[2,0]");
    assertThat(n.get("events").get("on").toString()).isEqualTo("[true,false]");
    assertThat(n.get("events").get("t").toString()).isEqualTo("[120,110]");
    assertThat(n.get("droppedOutOfRange").asInt()).isZero();
  }

  @Test
  void aBrokenPacketIsRenderedWithTheError() throws Exception {
    EventPacket p =
        new EventPacketCodec()
            .encode(
                "cam", 0, 34, 34, new int[1], new int[1], new boolean[1], new long[1], 0, 1, null);
    p.setEventCount(3);
    JsonNode n = mapper.readTree(json.toJson(p));
    assertThat(n.get("eventsError").asText()).contains("LENGTH_MISMATCH");
    assertThat(n.get("sample").isNull()).isTrue();
  }

  @Test
  void classificationHasEveryField() throws Exception {
    Classification c =
        Classification.newBuilder()
            .setSensorId("cam")
            .setSampleId(null)
            .setWindowStartMicros(5)
            .setPredictedClass(1)
            .setPredictedName("automobile")
            .setScores(List.of(0.25f, 0.75f))
            .setExitStep(3)
            .setTimesteps(10)
            .setExitReason(ExitReason.BNTT)
            .setModelName("m")
            .setModelVersion(2)
            .setTrueLabel(1)
            .build();
    JsonNode n = mapper.readTree(json.toJson(c));
    assertThat(n.size()).isEqualTo(Classification.getClassSchema().getFields().size());
    assertThat(n.get("scores").toString()).isEqualTo("[0.25,0.75]");
    assertThat(n.get("exitReason").asText()).isEqualTo("BNTT");
    assertThat(n.get("sampleId").isNull()).isTrue();
    assertThat(n.get("trueLabel").asInt()).isEqualTo(1);
  }

  @Test
  void modelArtifactIsSizeAndHashNotBytes() throws Exception {
    ModelRecord m =
        ModelRecord.newBuilder()
            .setModelName("m")
            .setVersion(1)
            .setCreatedAtMillis(7)
            .setArtifact(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)))
            .setSha256("x")
            .setSizeBytes(3)
            .build();
    JsonNode n = mapper.readTree(json.toJson(m));
    assertThat(n.size()).isEqualTo(ModelRecord.getClassSchema().getFields().size());
    assertThat(n.get("artifact").get("sizeBytes").asInt()).isEqualTo(3);
    // sha256("abc"), FIPS 180-2 example
    assertThat(n.get("artifact").get("sha256").asText())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(n.get("reference").isNull()).isTrue();
  }
}
