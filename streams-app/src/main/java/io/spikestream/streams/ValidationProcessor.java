package io.spikestream.streams;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventColumns;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.EventPacketFormatException;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates records of {@code dvs.events} (DESIGN section 5): undecodable bytes, a wrong schema, a
 * broken packet layout, a key that differs from the sensorId, or more out-of-range events than
 * {@link AppConfig#maxOutOfRangeFraction()} allows go to the DLQ unchanged, with the reason in the
 * headers {@link RecordDecodingException#REASON_HEADER} and {@link
 * RecordDecodingException#MESSAGE_HEADER}, and are counted. Fewer out-of-range events are dropped
 * and counted. Valid packets go on, unpacked, as {@link ValidPacket}. Never throws for bad input.
 */
public final class ValidationProcessor implements Processor<byte[], byte[], Object, Object> {
  /** DLQ reason for too many out-of-range events (the other reasons are the decoder's). */
  public static final String OUT_OF_RANGE_REASON = "OUT_OF_RANGE";

  /** DLQ reason for a record whose key is not the packet's sensorId. */
  public static final String KEY_MISMATCH_REASON = "KEY_MISMATCH";

  private final double maxOutOfRangeFraction;
  private final StreamMetrics metrics;
  private final SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
  private final EventPacketCodec codec = new EventPacketCodec();
  private final EventColumns columns = new EventColumns();
  private ProcessorContext<Object, Object> context;

  public ValidationProcessor(double maxOutOfRangeFraction, StreamMetrics metrics) {
    this.maxOutOfRangeFraction = maxOutOfRangeFraction;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    DecodedPacket decoded = DecodedPacket.decode(serde, record.value());
    if (!decoded.ok()) {
      dlq(record, decoded.reason(), decoded.message());
      return;
    }
    EventPacket packet = decoded.packet();
    String sensorId = packet.getSensorId().toString();
    if (sensorId.isEmpty() || sensorId.indexOf(WindowState.BIN_SEPARATOR) >= 0) {
      dlq(
          record,
          RecordDecodingException.Reason.INVALID_CONTENT.name(),
          "sensorId must be non-empty without NUL characters");
      return;
    }
    if (record.key() == null
        || !sensorId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
      dlq(record, KEY_MISMATCH_REASON, "record key differs from sensorId '" + sensorId + "'");
      return;
    }
    int kept;
    try {
      kept = codec.decode(packet, columns, OutOfRange.DROP);
    } catch (EventPacketFormatException e) {
      dlq(record, RecordDecodingException.Reason.INVALID_CONTENT.name(), e.getMessage());
      return;
    }
    int n = packet.getEventCount();
    int dropped = n - kept;
    if (dropped > 0 && dropped > maxOutOfRangeFraction * n) {
      dlq(
          record,
          OUT_OF_RANGE_REASON,
          dropped
              + " of "
              + n
              + " events lie outside "
              + packet.getWidth()
              + "x"
              + packet.getHeight()
              + ", more than the allowed fraction "
              + maxOutOfRangeFraction);
      return;
    }
    metrics.eventsOutOfRange.increment(dropped);
    metrics.eventsIn.increment(kept);
    context.forward(
        new Record<Object, Object>(
            sensorId, new ValidPacket(packet, columns), record.timestamp(), record.headers()),
        SpikestreamTopology.CLASSIFIER);
  }

  private void dlq(Record<byte[], byte[]> record, String reason, String message) {
    metrics.dlq(reason);
    Headers headers = record.headers();
    headers.remove(RecordDecodingException.REASON_HEADER);
    headers.remove(RecordDecodingException.MESSAGE_HEADER);
    headers.add(RecordDecodingException.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(
        RecordDecodingException.MESSAGE_HEADER,
        String.valueOf(message).getBytes(StandardCharsets.UTF_8));
    context.forward(
        new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
        SpikestreamTopology.DLQ_SINK);
  }
}
