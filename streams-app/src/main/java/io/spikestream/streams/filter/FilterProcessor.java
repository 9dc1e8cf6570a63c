package io.spikestream.streams.filter;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.filter.FilterChain;
import io.spikestream.dvs.filter.FilterSpec;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.EventPacketFormatException;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.RecordDecodingException;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import io.spikestream.streams.DecodedPacket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Filters each EventPacket through its sensor's {@link FilterChain} (one chain per sensor id,
 * created on the sensor's first packet and again when its geometry changes) and forwards the
 * re-encoded packet with the same key, sensor id, sequence number and sample info, and the filtered
 * geometry. A packet that the filters empty is still forwarded (empty), so sequence numbers stay
 * contiguous and end-of-sample markers pass. Events off the packet's geometry are dropped by the
 * chain. Undecodable records go to the DLQ unchanged with the reason in the headers {@link
 * RecordDecodingException#REASON_HEADER} / {@link RecordDecodingException#MESSAGE_HEADER}.
 *
 * <p>The filter memories live in this processor only (not in a state store): after a restart or
 * rebalance a sensor's denoise and refractory memories start empty and a hot-pixel calibration
 * starts again, which affects the first milliseconds of the stream only.
 */
public final class FilterProcessor implements Processor<byte[], byte[], byte[], byte[]> {

  private final List<FilterSpec> filters;
  private final FilterStats stats;
  private final SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
  private final EventPacketCodec codec = new EventPacketCodec();
  private final EventBatch batch = new EventBatch(1 << 12);
  private final Map<String, FilterChain> chains = new HashMap<>();
  private ProcessorContext<byte[], byte[]> context;

  public FilterProcessor(List<FilterSpec> filters, FilterStats stats) {
    this.filters = List.copyOf(filters);
    this.stats = stats;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
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
    int n = packet.getEventCount();
    try {
      EventPacketCodec.checkLayout(packet);
      batch.clear();
      batch.ensureCapacity(Math.max(1, n));
      int kept =
          codec.decodeInto(
              packet,
              batch.xs(),
              batch.ys(),
              batch.polarities(),
              batch.timestampsMicros(),
              0,
              OutOfRange.DROP);
      batch.setSize(kept);
    } catch (EventPacketFormatException | IllegalArgumentException e) {
      dlq(record, RecordDecodingException.Reason.INVALID_CONTENT.name(), e.getMessage());
      return;
    }
    String sensorId = packet.getSensorId().toString();
    SensorGeometry geometry = new SensorGeometry(packet.getWidth(), packet.getHeight());
    FilterChain chain = chains.get(sensorId);
    if (chain == null || !chain.inputGeometry().equals(geometry)) {
      try {
        chain = FilterChain.create(filters, geometry);
      } catch (IllegalArgumentException e) {
        dlq(record, RecordDecodingException.Reason.INVALID_CONTENT.name(), e.getMessage());
        return;
      }
      chains.put(sensorId, chain);
    }
    chain.apply(batch);
    SensorGeometry out = chain.outputGeometry();
    EventPacket filtered =
        codec.encode(
            sensorId,
            packet.getSequence(),
            out.width(),
            out.height(),
            batch.size() > 0 ? batch.timestampMicros(0) : packet.getBaseTimestampMicros(),
            batch.xs(),
            batch.ys(),
            batch.polarities(),
            batch.timestampsMicros(),
            0,
            batch.size(),
            packet.getSample());
    stats.packets.incrementAndGet();
    stats.eventsIn.addAndGet(n);
    stats.eventsOut.addAndGet(batch.size());
    context.forward(record.withValue(serde.serialize("", filtered)), FilterTopology.SINK);
  }

  private void dlq(Record<byte[], byte[]> record, String reason, String message) {
    stats.dlq.incrementAndGet();
    Headers headers = record.headers();
    headers.remove(RecordDecodingException.REASON_HEADER);
    headers.remove(RecordDecodingException.MESSAGE_HEADER);
    headers.add(RecordDecodingException.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(
        RecordDecodingException.MESSAGE_HEADER,
        String.valueOf(message).getBytes(StandardCharsets.UTF_8));
    context.forward(record.withHeaders(headers), FilterTopology.DLQ_SINK);
  }
}
