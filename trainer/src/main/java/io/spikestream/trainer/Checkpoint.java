package io.spikestream.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.snn.artifact.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training checkpoint folder, written after every epoch: {@code checkpoint.json} (epochs done,
 * seed, architecture, optimiser, the optimiser's step count, the curves so far), {@code
 * tensors/<name>.npy} (all network tensors in artifact names) and {@code optimizer/<name>.npy} (the
 * optimiser's moment buffers). The random state is the seed: the shuffle of epoch e is a pure
 * function of (seed, e), so resuming at epoch e replays exactly the batches an uninterrupted run
 * would have seen.
 *
 * @param epochsDone epochs finished
 * @param seed training seed
 * @param architecture spec string
 * @param optimizer optimiser kind name
 * @param tensors network tensors
 * @param optimizerState optimiser state (with {@code steps})
 * @param curves metrics of the finished epochs
 */
public record Checkpoint(
    int epochsDone,
    long seed,
    String architecture,
    String optimizer,
    Map<String, INDArray> tensors,
    Map<String, INDArray> optimizerState,
    List<EpochMetrics> curves) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "checkpoint.json";

  /** Writes the checkpoint into {@code dir} (replacing an older one). */
  public void write(Path dir) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    deleteTree(tmp);
    Files.createDirectories(tmp.resolve("tensors"));
    Files.createDirectories(tmp.resolve("optimizer"));
    writeAll(tensors, tmp.resolve("tensors"));
    Map<String, INDArray> moments = new LinkedHashMap<>(optimizerState);
    INDArray steps = moments.remove("steps");
    writeAll(moments, tmp.resolve("optimizer"));
    ObjectNode root = JSON.createObjectNode();
    root.put("epochsDone", epochsDone);
    root.put("seed", seed);
    root.put("architecture", architecture);
    root.put("optimizer", optimizer);
    root.put("optimizerSteps", steps == null ? 0L : (long) steps.getDouble(0));
    ArrayNode c = root.putArray("curves");
    for (EpochMetrics m : curves) {
      c.addObject()
          .put("epoch", m.epoch())
          .put("trainLoss", m.trainLoss())
          .put("trainAccuracy", m.trainAccuracy())
          .put("testAccuracy", m.testAccuracy())
          .put("learningRate", m.learningRate());
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(FILE).toFile(), root);
    deleteTree(dir);
    Files.move(tmp, dir);
  }

  /** Reads a checkpoint folder. */
  public static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + ": not a checkpoint (no " + FILE + ")");
    }
    JsonNode root = JSON.readTree(file.toFile());
    Map<String, INDArray> tensors = readAll(dir.resolve("tensors"));
    Map<String, INDArray> state = readAll(dir.resolve("optimizer"));
    state.put("steps", Nd4j.scalar((double) root.path("optimizerSteps").asLong()));
    List<EpochMetrics> curves = new ArrayList<>();
    for (JsonNode m : root.path("curves")) {
      curves.add(
          new EpochMetrics(
              m.path("epoch").asInt(),
              m.path("trainLoss").asDouble(Double.NaN),
              m.path("trainAccuracy").asDouble(Double.NaN),
              m.path("testAccuracy").asDouble(Double.NaN),
              m.path("learningRate").asDouble(Double.NaN)));
    }
    return new Checkpoint(
        root.path("epochsDone").asInt(),
        root.path("seed").asLong(),
        root.path("architecture").asText(),
        root.path("optimizer").asText(),
        tensors,
        state,
        curves);
  }

  private static void writeAll(Map<String, INDArray> arrays, Path dir) throws IOException {
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      INDArray a = e.getValue().castTo(DataType.FLOAT).dup('c');
      long[] s = a.shape();
      int[] shape = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        shape[i] = Math.toIntExact(s[i]);
      }
      float[] values = a.length() == 0 ? new float[0] : a.data().asFloat();
      String name = URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + ".npy";
      try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
        NpyArray.ofFloats(shape, values).write(out);
      }
    }
  }

  private static Map<String, INDArray> readAll(Path dir) throws IOException {
    Map<String, INDArray> out = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
    }
    for (Path p : files) {
      String f = p.getFileName().toString();
      String name = URLDecoder.decode(f.substring(0, f.length() - 4), StandardCharsets.UTF_8);
      NpyArray npy;
      try (InputStream in = Files.newInputStream(p)) {
        npy = NpyArray.read(in, p.toString());
      }
      int[] shape = npy.shape();
      long[] ls = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        ls[i] = shape[i];
      }
      out.put(name, Nd4j.create(npy.floats(), ls, 'c'));
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
