package io.spikestream.trainer;

import io.spikestream.dvs.EventBatch;
import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.SampleBinner;
import io.spikestream.dvs.progress.ProgressBar;
import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.SampleInfo;
import io.spikestream.schemas.codec.EventPacketCodec;
import io.spikestream.schemas.codec.OutOfRange;
import io.spikestream.schemas.serde.SingleObjectSerde;
import io.spikestream.schemas.serde.SpikestreamSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Labelled samples from a recorded topic of {@link EventPacket}s (e.g. written by {@code
 * spikestream replay}): reads every partition from the beginning up to the end offsets taken at
 * start, assembles samples by (sensorId, sampleId) from their {@link SampleInfo}, bins each with
 * {@link SampleBinner} over the window {@code [sampleStartMicros, sampleStartMicros +
 * sampleDurationMicros)} (as the stream does), and closes a sample on its {@code endOfSample}
 * packet. Packets without sample info, undecodable records, samples without a label and samples
 * whose end never arrived are counted and left out.
 */
public final class TopicDataset {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicDataset() {}

  /**
   * What was read.
   *
   * @param frames the complete, labelled samples in the order they ended
   * @param classNames class names by label (from SampleInfo.labelName, else the index)
   * @param skippedPackets undecodable records and packets without sample info
   * @param unlabelled complete samples without a label
   * @param incomplete samples whose end-of-sample packet was not seen
   */
  public record Result(
      FrameDataset frames,
      List<String> classNames,
      long skippedPackets,
      long unlabelled,
      long incomplete) {}

  private static final class Open {
    final SampleBinner binner;
    final Integer label;

    Open(SampleBinner binner, Integer label) {
      this.binner = binner;
      this.label = label;
    }
  }

  /**
   * Reads {@code topic} at {@code bootstrap}.
   *
   * @throws IOException when the topic does not exist or the broker cannot be reached
   */
  public static Result read(
      String bootstrap, String topic, BinningSpec spec, long timeoutMillis, PrintWriter progress)
      throws IOException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, 60_000));
    SingleObjectSerde<EventPacket> serde = SpikestreamSerdes.eventPacket();
    EventPacketCodec codec = new EventPacketCodec();
    Map<String, Open> open = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<float[]> frames = new ArrayList<>();
    Map<Integer, String> names = new TreeMap<>();
    long skipped = 0;
    long unlabelled = 0;
    EventBatch batch = new EventBatch(4096);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(timeoutMillis));
      if (infos == null || infos.isEmpty()) {
        throw new IOException("topic '" + topic + "' does not exist at " + bootstrap);
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : infos) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      long total = 0;
      for (TopicPartition p : partitions) {
        total += end.get(p) - consumer.position(p);
      }
      ProgressBar bar = new ProgressBar(progress, "reading " + topic, total, "records");
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (!done(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "timed out reading "
                  + topic
                  + " at "
                  + bootstrap
                  + " after "
                  + timeoutMillis
                  + " ms");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= end.get(tp)) {
            continue;
          }
          bar.advance(1, null);
          EventPacket packet;
          try {
            packet = r.value() == null ? null : serde.deserialize(topic, r.value());
          } catch (RuntimeException e) {
            skipped++;
            continue;
          }
          if (packet == null || packet.getSample() == null) {
            skipped++;
            continue;
          }
          SampleInfo info = packet.getSample();
          String id = packet.getSensorId() + "/" + info.getSampleId();
          Open o = open.get(id);
          if (o == null) {
            SampleBinner binner =
                new SampleBinner(
                    spec,
                    new SensorGeometry(packet.getWidth(), packet.getHeight()),
                    info.getSampleStartMicros(),
                    info.getSampleDurationMicros());
            o = new Open(binner, info.getLabel());
            open.put(id, o);
          }
          int n = packet.getEventCount();
          batch.clear();
          batch.ensureCapacity(n);
          int got =
              codec.decodeInto(
                  packet,
                  batch.xs(),
                  batch.ys(),
                  batch.polarities(),
                  batch.timestampsMicros(),
                  0,
                  OutOfRange.DROP);
          batch.setSize(got);
          o.binner.add(batch);
          if (info.getLabel() != null && info.getLabelName() != null) {
            names.putIfAbsent(info.getLabel(), info.getLabelName().toString());
          }
          if (info.getEndOfSample()) {
            open.remove(id);
            if (o.label == null) {
              unlabelled++;
            } else {
              ids.add(id);
              labels.add(o.label);
              frames.add(o.binner.frames());
            }
          }
        }
      }
      bar.finish(null);
    } catch (KafkaException e) {
      throw new IOException("cannot read " + topic + " at " + bootstrap + ": " + e.getMessage(), e);
    }
    int classes = 0;
    int[] labelArray = new int[labels.size()];
    for (int i = 0; i < labelArray.length; i++) {
      labelArray[i] = labels.get(i);
      classes = Math.max(classes, labelArray[i] + 1);
    }
    List<String> classNames = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      classNames.add(names.getOrDefault(c, Integer.toString(c)));
    }
    return new Result(
        FrameDataset.of(spec, ids, labelArray, frames),
        classNames,
        skipped,
        unlabelled,
        open.size());
  }

  /**
   * Splits topic samples 9:1 per class in arrival order: the 10th, 20th, ... sample of each class
   * goes to TEST, the others to TRAIN (a topic has no file indices).
   *
   * @return {@code [train, test]}
   */
  public static FrameDataset[] splitNineToOne(FrameDataset all) {
    Map<Integer, Integer> seen = new HashMap<>();
    List<String> trainIds = new ArrayList<>();
    List<String> testIds = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    List<Integer> testLabels = new ArrayList<>();
    List<float[]> trainFrames = new ArrayList<>();
    List<float[]> testFrames = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int position = seen.merge(all.label(i), 1, Integer::sum);
      boolean test = position % 10 == 0;
      (test ? testIds : trainIds).add(all.id(i));
      (test ? testLabels : trainLabels).add(all.label(i));
      (test ? testFrames : trainFrames).add(all.frames(i));
    }
    return new FrameDataset[] {
      FrameDataset.of(all.spec(), trainIds, toArray(trainLabels), trainFrames),
      FrameDataset.of(all.spec(), testIds, toArray(testLabels), testFrames)
    };
  }

  private static int[] toArray(List<Integer> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static boolean done(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
