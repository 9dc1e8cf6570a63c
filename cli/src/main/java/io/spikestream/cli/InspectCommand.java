package io.spikestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.dvs.io.RecordingSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spikestream inspect FILE}: reads a recording once (format detected from its bytes) and
 * prints its format, geometry, event counts, coordinate ranges and first and last timestamps; with
 * {@code --json}, exactly one JSON object. A truncated or corrupt file is a one-line error naming
 * the byte offset.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Prints format, geometry, event counts, x/y ranges and first/last timestamp of a",
      "recording (AEDAT 2.0 DVS128, AEDAT 3.1, AEDAT 4.0, Prophesee EVT 2.0 / EVT 3.0 RAW,",
      "Prophesee DAT, N-MNIST .bin, SLAYER .bs2)."
    })
final class InspectCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RecordingSummary s = RecordingSummary.of(file);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(s));
    } else {
      out.printf("file:        %s%n", file);
      out.printf("format:      %s%n", s.format());
      out.printf("geometry:    %dx%d%n", s.geometry().width(), s.geometry().height());
      out.printf(
          "events:      %d (ON %d, OFF %d)%n", s.events(), s.onEvents(), s.events() - s.onEvents());
      out.printf("x range:     %d..%d%n", s.xMin(), s.xMax());
      out.printf("y range:     %d..%d%n", s.yMin(), s.yMax());
      out.printf("first t:     %d us%n", s.firstTimestampMicros());
      out.printf("last t:      %d us%n", s.lastTimestampMicros());
      out.printf(
          "skipped:     %d dropped (out of range / no time base), %d special, %d overflow markers,"
              + " %d other records%n",
          s.stats().droppedOutOfRange(),
          s.stats().skippedSpecial(),
          s.stats().overflowMarkers(),
          s.stats().otherRecords());
    }
    out.flush();
    return 0;
  }

  static String toJson(RecordingSummary s) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("format", s.format().name());
    o.put("width", s.geometry().width());
    o.put("height", s.geometry().height());
    o.put("events", s.events());
    o.put("onEvents", s.onEvents());
    o.put("xMin", s.xMin());
    o.put("xMax", s.xMax());
    o.put("yMin", s.yMin());
    o.put("yMax", s.yMax());
    o.put("firstTimestampMicros", s.firstTimestampMicros());
    o.put("lastTimestampMicros", s.lastTimestampMicros());
    o.put("droppedEvents", s.stats().droppedOutOfRange());
    o.put("specialEvents", s.stats().skippedSpecial());
    o.put("overflowMarkers", s.stats().overflowMarkers());
    o.put("otherRecords", s.stats().otherRecords());
    return o.toString();
  }
}
