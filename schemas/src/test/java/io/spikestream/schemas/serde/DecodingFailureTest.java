package io.spikestream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spikestream.schemas.serde.RecordDecodingException.Reason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated, padded and flipped bytes give the typed exception, never anything else. */
class DecodingFailureTest {

  private final AnyRecordDeserializer any = SpikestreamSerdes.anyRecord();

  private static Reason reasonOf(Throwable t) {
    assertThat(t).isInstanceOf(RecordDecodingException.class);
    return ((RecordDecodingException) t).reason();
  }

  @Test
  void randomBytesAreBadMagicOrTooShort() {
    Random r = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      r.nextBytes(b);
      Throwable t = catchThrowable(() -> any.deserialize("t", b));
      assertThat(reasonOf(t))
          .as("%s", Arrays.toString(b))
          .isIn(Reason.BAD_MAGIC, Reason.TRUNCATED, Reason.UNKNOWN_SCHEMA);
    }
  }

  @Test
  void namesBadMagicAndUnknownFingerprints() {
    assertThatThrownBy(() -> any.deserialize("t", "{\"json\":1}".getBytes()))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC);
              assertThat(e).hasMessageContaining("7b 22");
            });
    byte[] unknown = {(byte) 0xC3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    assertThatThrownBy(() -> any.deserialize("t", unknown))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
              assertThat(e).hasMessageContaining("0807060504030201");
            });
  }

  @Test
  void everyTruncationIsReportedAsTruncated() {
    byte[][] messages = {
      SpikestreamSerdes.eventPacket().serialize("t", Records.packet(40)),
      SpikestreamSerdes.classification().serialize("t", Records.classification()),
      SpikestreamSerdes.modelRecord().serialize("t", Records.model())
    };
    for (byte[] full : messages) {
      for (int len = 0; len < full.length; len++) {
        byte[] cut = Arrays.copyOf(full, len);
        Throwable t = catchThrowable(() -> any.deserialize("t", cut));
        assertThat(reasonOf(t)).as("cut at %d of %d", len, full.length).isEqualTo(Reason.TRUNCATED);
      }
    }
  }

  @Test
  void bytesAfterTheRecordAreCorrupt() {
    byte[] full = SpikestreamSerdes.classification().serialize("t", Records.classification());
    byte[] padded = Arrays.copyOf(full, full.length + 3);
    assertThatThrownBy(() -> SpikestreamSerdes.classification().deserialize("t", padded))
        .isInstanceOfSatisfying(
            RecordDecodingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
              assertThat(e).hasMessageContaining("left over");
            });
  }

  @Test
  void aHugeLengthPrefixIsTruncationNotAnAllocation() {
    byte[] full = SpikestreamSerdes.eventPacket().serialize("t", Records.packet(1));
    // the first body field is sensorId: its zigzag length varint becomes ~2^31
    byte[] evil = Arrays.copyOf(full, full.length);
    evil[10] = (byte) 0xFE;
    byte[] withLength = new byte[full.length + 4];
    System.arraycopy(evil, 0, withLength, 0, 11);
    withLength[11] = (byte) 0xFF;
    withLength[12] = (byte) 0xFF;
    withLength[13] = (byte) 0xFF;
    withLength[14] = (byte) 0x0F;
    System.arraycopy(full, 11, withLength, 15, full.length - 11);
    Throwable t = catchThrowable(() -> any.deserialize("t", withLength));
    assertThat(reasonOf(t)).isIn(Reason.TRUNCATED, Reason.CORRUPT);
  }

  @Test
  void randomBodiesAfterAValidHeaderNeverEscapeTheTypedException() {
    byte[][] messages = {
      SpikestreamSerdes.eventPacket().serialize("t", Records.packet(40)),
      SpikestreamSerdes.classification().serialize("t", Records.classification()),
      SpikestreamSerdes.modelRecord().serialize("t", Records.model())
    };
    Random r = new Random(7);
    EnumSet<Reason> seen = EnumSet.noneOf(Reason.class);
    for (byte[] full : messages) {
      for (int i = 0; i < 3000; i++) {
        byte[] b;
        if (i % 2 == 0) {
          b = Arrays.copyOf(full, 10 + r.nextInt(full.length));
          for (int k = 10; k < b.length; k++) {
            b[k] = (byte) r.nextInt(256);
          }
        } else {
          b = full.clone();
          int flips = 1 + r.nextInt(4);
          for (int k = 0; k < flips; k++) {
            int at = 10 + r.nextInt(b.length - 10);
            b[at] ^= (byte) (1 << r.nextInt(8));
          }
        }
        try {
          any.deserialize("t", b);
        } catch (RecordDecodingException e) {
          seen.add(e.reason());
          assertThat(e.reason()).isNotIn(Reason.BAD_MAGIC, Reason.UNKNOWN_SCHEMA);
        }
      }
    }
    assertThat(seen).contains(Reason.TRUNCATED, Reason.CORRUPT);
  }
}
