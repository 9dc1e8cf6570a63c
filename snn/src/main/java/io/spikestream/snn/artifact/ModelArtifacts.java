package io.spikestream.snn.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.binning.FrameValue;
import io.spikestream.dvs.binning.WindowMode;
import io.spikestream.snn.Architecture;
import io.spikestream.snn.exit.BnttExit;
import io.spikestream.snn.exit.ConfidenceCriterion;
import io.spikestream.snn.exit.ConfidenceExitConfig;
import io.spikestream.snn.exit.ExitKind;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes the model artifact (DESIGN section 9): a folder or zip with {@code model.json}
 * and one {@code .npy} (float32, little-endian, C order) per tensor.
 *
 * <p>{@code model.json} fields: {@code formatVersion}, {@code architecture}, {@code inputShape}
 * {@code [C, H, W]}, {@code classes} (count), {@code classNames}, {@code timesteps}, {@code leak},
 * {@code threshold}, {@code bnEps}, {@code tensors} ({@code {name, file, shape}}), {@code binning}
 * ({@code mode, timesteps, height, width, value, channels, dtMicros}), {@code exit} ({@code
 * policy}, {@code bntt {exitStep, gammaThreshold}}, {@code confidence {criterion, level, minStep,
 * consecutive}}) and {@code provenance}. {@code classNames}, {@code exit}, {@code provenance} and
 * {@code binning.dtMicros} may be absent (the interop fixture has none of them).
 *
 * <p>Loading checks the format version, every declared shape against the architecture, and every
 * {@code .npy} shape, and says which tensor, which file, expected versus found.
 */
public final class ModelArtifacts {

  /** Name of the metadata file inside an artifact. */
  public static final String MODEL_JSON = "model.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Fixed entry time so that the same artifact always gives the same zip bytes (1980-01-01). */
  private static final long ZIP_ENTRY_TIME = 315532800000L;

  private ModelArtifacts() {}

  /**
   * Reads an artifact from a folder or a {@code .zip} file.
   *
   * @throws IOException saying what is missing or wrong, with the path
   */
  public static ModelArtifact read(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return parse(
          name -> {
            try {
              return Files.readAllBytes(path.resolve(name));
            } catch (NoSuchFileException e) {
              return null;
            }
          },
          path.toString());
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "model artifact not found");
    }
    return readZip(Files.readAllBytes(path), path.toString());
  }

  /**
   * Reads an artifact from zip bytes (e.g. a {@code ModelRecord} from Kafka). Entries may sit at
   * the root or inside one top-level folder.
   */
  public static ModelArtifact readZip(byte[] zip, String what) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    }
    if (entries.isEmpty()) {
      throw new IOException(what + ": not a zip model artifact (no entries)");
    }
    String prefix = "";
    if (!entries.containsKey(MODEL_JSON)) {
      for (String name : entries.keySet()) {
        if (name.endsWith("/" + MODEL_JSON) && name.indexOf('/') == name.lastIndexOf('/')) {
          prefix = name.substring(0, name.length() - MODEL_JSON.length());
        }
      }
    }
    String p = prefix;
    return parse(name -> entries.get(p + name), what);
  }

  @FunctionalInterface
  private interface Source {
    /** The file's bytes, or null when absent. */
    byte[] get(String name) throws IOException;
  }

  private static ModelArtifact parse(Source source, String what) throws IOException {
    byte[] jsonBytes = source.get(MODEL_JSON);
    if (jsonBytes == null) {
      throw new IOException(what + ": missing " + MODEL_JSON);
    }
    JsonNode root;
    try {
      root = JSON.readTree(jsonBytes);
    } catch (JsonProcessingException e) {
      throw new IOException(
          what + ": " + MODEL_JSON + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(what + ": " + MODEL_JSON + " is not a JSON object");
    }
    try {
      return parse(root, source, what);
    } catch (IllegalArgumentException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
  }

  private static ModelArtifact parse(JsonNode root, Source source, String what) throws IOException {
    int version = requiredInt(root, "formatVersion");
    if (version < 1 || version > ModelArtifact.FORMAT_VERSION) {
      throw new IOException(
          what
              + ": formatVersion "
              + version
              + " is not supported (this reader knows 1.."
              + ModelArtifact.FORMAT_VERSION
              + ")");
    }
    Architecture architecture = Architecture.parse(requiredText(root, "architecture"));
    int[] inputShape = intArray(required(root, "inputShape"), "inputShape");
    if (inputShape.length != 3) {
      throw new IllegalArgumentException(
          "inputShape must be [C, H, W], got " + Arrays.toString(inputShape));
    }
    int classes = requiredInt(root, "classes");
    NetworkConfig config =
        new NetworkConfig(
            architecture,
            inputShape[0],
            inputShape[1],
            inputShape[2],
            classes,
            requiredInt(root, "timesteps"),
            requiredDouble(root, "leak"),
            requiredDouble(root, "threshold"),
            requiredDouble(root, "bnEps"));

    Map<String, int[]> expected = ModelParameters.expectedShapes(config);
    Map<String, float[]> tensors = new LinkedHashMap<>();
    Set<String> listed = new HashSet<>();
    JsonNode list = required(root, "tensors");
    if (!list.isArray()) {
      throw new IllegalArgumentException("field 'tensors' must be a list");
    }
    for (JsonNode entry : list) {
      String name = requiredText(entry, "name");
      String file = requiredText(entry, "file");
      int[] declared = intArray(required(entry, "shape"), "tensors[" + name + "].shape");
      int[] want = expected.get(name);
      if (want == null) {
        throw new IOException(
            what
                + ": tensor '"
                + name
                + "' is not part of architecture "
                + architecture.spec()
                + " (expected "
                + expected.keySet()
                + ")");
      }
      if (!listed.add(name)) {
        throw new IOException(what + ": tensor '" + name + "' is listed twice");
      }
      if (!Arrays.equals(declared, want)) {
        throw new IOException(
            what
                + ": tensor '"
                + name
                + "': model.json declares shape "
                + Arrays.toString(declared)
                + ", architecture "
                + architecture.spec()
                + " with T = "
                + config.timesteps()
                + " expects "
                + Arrays.toString(want));
      }
      if (file.contains("..") || file.startsWith("/")) {
        throw new IOException(
            what + ": tensor '" + name + "': file name '" + file + "' not allowed");
      }
      byte[] bytes = source.get(file);
      if (bytes == null) {
        throw new IOException(what + ": tensor '" + name + "': file '" + file + "' is missing");
      }
      NpyArray array = NpyArray.read(new ByteArrayInputStream(bytes), what + "/" + file);
      if (!Arrays.equals(array.shape(), want)) {
        throw new IOException(
            what
                + ": tensor '"
                + name
                + "': file '"
                + file
                + "' holds shape "
                + Arrays.toString(array.shape())
                + ", expected "
                + Arrays.toString(want));
      }
      tensors.put(name, array.floats());
    }
    for (String name : expected.keySet()) {
      if (!listed.contains(name)) {
        throw new IOException(what + ": model.json lists no tensor '" + name + "'");
      }
    }
    ModelParameters parameters = ModelParameters.of(config, tensors);

    List<String> classNames = null;
    if (root.has("classNames")) {
      classNames = new ArrayList<>();
      for (JsonNode n : root.get("classNames")) {
        classNames.add(n.asText());
      }
    }
    BinningSpec binning = binning(required(root, "binning"));
    ExitKind policy = null;
    BnttExit bntt = null;
    ConfidenceExitConfig confidence = null;
    JsonNode exit = root.get("exit");
    if (exit != null && !exit.isNull()) {
      if (exit.has("policy")) {
        policy = enumValue(ExitKind.class, requiredText(exit, "policy"), "exit.policy");
      }
      JsonNode b = exit.get("bntt");
      if (b != null && !b.isNull()) {
        bntt = new BnttExit(requiredInt(b, "exitStep"), requiredDouble(b, "gammaThreshold"));
      }
      JsonNode c = exit.get("confidence");
      if (c != null && !c.isNull()) {
        confidence =
            new ConfidenceExitConfig(
                enumValue(
                    ConfidenceCriterion.class,
                    requiredText(c, "criterion"),
                    "exit.confidence.criterion"),
                requiredDouble(c, "level"),
                requiredInt(c, "minStep"),
                requiredInt(c, "consecutive"));
      }
    }
    Provenance provenance = provenance(root.get("provenance"));
    return new ModelArtifact(parameters, classNames, binning, policy, bntt, confidence, provenance);
  }

  private static BinningSpec binning(JsonNode b) {
    WindowMode mode = enumValue(WindowMode.class, requiredText(b, "mode"), "binning.mode");
    FrameValue value = enumValue(FrameValue.class, requiredText(b, "value"), "binning.value");
    if (b.has("channels") && b.get("channels").asInt() != BinningSpec.CHANNELS) {
      throw new IllegalArgumentException(
          "binning.channels must be " + BinningSpec.CHANNELS + ", got " + b.get("channels"));
    }
    long dt = b.has("dtMicros") ? b.get("dtMicros").asLong() : 0L;
    return new BinningSpec(
        requiredInt(b, "timesteps"),
        mode,
        dt,
        requiredInt(b, "height"),
        requiredInt(b, "width"),
        value);
  }

  private static Provenance provenance(JsonNode p) {
    if (p == null || p.isNull()) {
      return Provenance.unknown();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode m = p.get("metrics");
    if (m != null && m.isObject()) {
      for (Map.Entry<String, JsonNode> e : m.properties()) {
        metrics.put(e.getKey(), e.getValue().asDouble());
      }
    }
    return new Provenance(
        text(p, "dataSource"),
        text(p, "split"),
        p.hasNonNull("seed") ? p.get("seed").asLong() : null,
        p.hasNonNull("epochs") ? p.get("epochs").asInt() : null,
        metrics,
        text(p, "gitCommit"),
        text(p, "createdTime"));
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", got " + text,
          e);
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("model.json: missing field '" + field + "'");
    }
    return v;
  }

  private static String requiredText(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static int requiredInt(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
    }
    return v.asInt();
  }

  private static double requiredDouble(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  private static int[] intArray(JsonNode n, String field) {
    if (!n.isArray()) {
      throw new IllegalArgumentException("field '" + field + "' must be a list of integers");
    }
    int[] out = new int[n.size()];
    for (int i = 0; i < out.length; i++) {
      if (!n.get(i).isIntegralNumber()) {
        throw new IllegalArgumentException(
            "field '" + field + "' must be a list of integers, got " + n);
      }
      out[i] = n.get(i).asInt();
    }
    return out;
  }

  /** The {@code model.json} text of an artifact. */
  public static String modelJson(ModelArtifact artifact) {
    NetworkConfig c = artifact.config();
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", ModelArtifact.FORMAT_VERSION);
    root.put("architecture", c.architecture().spec());
    ArrayNode input = root.putArray("inputShape");
    input.add(c.inChannels()).add(c.height()).add(c.width());
    root.put("classes", c.classes());
    ArrayNode names = root.putArray("classNames");
    artifact.classNames().forEach(names::add);
    root.put("timesteps", c.timesteps());
    root.put("leak", c.leak());
    root.put("threshold", c.threshold());
    root.put("bnEps", c.bnEps());
    ArrayNode tensors = root.putArray("tensors");
    for (Map.Entry<String, int[]> e : ModelParameters.expectedShapes(c).entrySet()) {
      ObjectNode t = tensors.addObject();
      t.put("name", e.getKey());
      t.put("file", fileName(e.getKey()));
      ArrayNode shape = t.putArray("shape");
      for (int d : e.getValue()) {
        shape.add(d);
      }
    }
    BinningSpec b = artifact.binning();
    ObjectNode bin = root.putObject("binning");
    bin.put("mode", b.window().name());
    bin.put("timesteps", b.timesteps());
    bin.put("height", b.height());
    bin.put("width", b.width());
    bin.put("value", b.value().name());
    bin.put("channels", BinningSpec.CHANNELS);
    bin.put("dtMicros", b.dtMicros());
    ObjectNode exit = root.putObject("exit");
    exit.put("policy", artifact.exitPolicy().name());
    ObjectNode bntt = exit.putObject("bntt");
    bntt.put("exitStep", artifact.bnttExit().exitStep());
    bntt.put("gammaThreshold", artifact.bnttExit().gammaThreshold());
    ConfidenceExitConfig ce = artifact.confidenceExit();
    ObjectNode conf = exit.putObject("confidence");
    conf.put("criterion", ce.criterion().name());
    conf.put("level", ce.level());
    conf.put("minStep", ce.minStep());
    conf.put("consecutive", ce.consecutive());
    Provenance p = artifact.provenance();
    ObjectNode prov = root.putObject("provenance");
    prov.put("dataSource", p.dataSource());
    prov.put("split", p.split());
    prov.put("seed", p.seed());
    prov.put("epochs", p.epochs());
    ObjectNode metrics = prov.putObject("metrics");
    p.metrics().forEach(metrics::put);
    prov.put("gitCommit", p.gitCommit());
    prov.put("createdTime", p.createdTime());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render model.json", e);
    }
  }

  /** File name of a tensor: its name plus {@code .npy}. */
  public static String fileName(String tensorName) {
    return tensorName + ".npy";
  }

  /** Writes the artifact as a folder (created if absent; existing files are overwritten). */
  public static void writeFolder(ModelArtifact artifact, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(MODEL_JSON), modelJson(artifact));
    ModelParameters p = artifact.parameters();
    for (String name : p.names()) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(fileName(name)))) {
        NpyArray.ofFloats(p.shape(name), p.tensor(name)).write(out);
      }
    }
  }

  /** The artifact as zip bytes (entries at the root, fixed times: same model, same bytes). */
  public static byte[] toZip(ModelArtifact artifact) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      putEntry(
          zip, MODEL_JSON, modelJson(artifact).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ModelParameters p = artifact.parameters();
      for (String name : p.names()) {
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        NpyArray.ofFloats(p.shape(name), p.tensor(name)).write(npy);
        putEntry(zip, fileName(name), npy.toByteArray());
      }
    }
    return bytes.toByteArray();
  }

  /** Writes the artifact as a zip file. */
  public static void writeZip(ModelArtifact artifact, Path file) throws IOException {
    Files.write(file, toZip(artifact));
  }

  private static void putEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(ZIP_ENTRY_TIME);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Reads one .npy from a stream (convenience for fixtures such as expected logits). */
  public static NpyArray readNpy(InputStream in, String what) throws IOException {
    return NpyArray.read(in, what);
  }
}
