package io.spikestream.trainer;

import io.spikestream.dvs.binning.BinningSpec;
import io.spikestream.dvs.dataset.LabelledSample;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An on-disk cache of binned frames: one file per (samples, binning spec), named by the SHA-256 of
 * the spec and of every sample's id, label, absolute path, size and modification time, so that a
 * changed spec or a changed recording misses the cache. The file holds each sample's frames as
 * float32 (exactly what SampleBinner produced). Writes go to a temporary file renamed into place.
 */
public final class FrameCache {

  private static final int MAGIC = 0x53534643; // "SSFC"
  private static final int VERSION = 1;

  private FrameCache() {}

  /** The cache file for {@code samples} binned with {@code spec} in {@code dir}. */
  public static Path file(Path dir, List<LabelledSample> samples, BinningSpec spec)
      throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(spec.toString().getBytes(StandardCharsets.UTF_8));
      for (LabelledSample s : samples) {
        Path p = s.path().toAbsolutePath();
        String line =
            s.id()
                + "\n"
                + s.label()
                + "\n"
                + p
                + "\n"
                + Files.size(p)
                + "\n"
                + Files.getLastModifiedTime(p).toMillis()
                + "\n";
        d.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return dir.resolve("frames-" + HexFormat.of().formatHex(d.digest()) + ".bin");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Bins {@code samples}, or reads them from {@code dir} when cached there (writing on a miss). */
  public static FrameDataset binCached(
      Path dir, List<LabelledSample> samples, BinningSpec spec, int threads, PrintWriter progress)
      throws IOException {
    Path file = file(dir, samples, spec);
    if (Files.isRegularFile(file)) {
      if (progress != null) {
        progress.println("frames from cache " + file);
      }
      return read(file, spec);
    }
    FrameDataset data = FrameDataset.bin(samples, spec, threads, progress);
    write(data, file);
    return data;
  }

  static void write(FrameDataset data, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(data.spec().toString());
      out.writeInt(data.size());
      for (int i = 0; i < data.size(); i++) {
        out.writeUTF(data.id(i));
        out.writeInt(data.label(i));
        float[] f = data.frames(i);
        out.writeInt(f.length);
        for (float v : f) {
          out.writeFloat(v);
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static FrameDataset read(Path file, BinningSpec spec) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException(file + ": not a frame cache file of version " + VERSION);
      }
      String specText = in.readUTF();
      if (!specText.equals(spec.toString())) {
        throw new IOException(file + ": cached for " + specText + ", not " + spec);
      }
      int n = in.readInt();
      List<String> ids = new ArrayList<>();
      int[] labels = new int[n];
      List<float[]> frames = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(in.readUTF());
        labels[i] = in.readInt();
        float[] f = new float[in.readInt()];
        for (int k = 0; k < f.length; k++) {
          f[k] = in.readFloat();
        }
        frames.add(f);
      }
      return FrameDataset.of(spec, ids, labels, frames);
    }
  }
}
