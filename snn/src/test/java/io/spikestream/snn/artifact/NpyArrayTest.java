package io.spikestream.snn.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NPY v1.0 format (numpy's {@code format.py} / NEP 1) as written and read. */
class NpyArrayTest {

  @Test
  void headerFollowsTheSpec() {
    byte[] h = NpyArray.ofFloats(new int[] {2, 3}, new float[6]).header();
    // magic \x93NUMPY, version 1.0, little-endian uint16 header length
    assertThat(h[0] & 0xFF).isEqualTo(0x93);
    assertThat(new String(h, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(h[6]).isEqualTo((byte) 1);
    assertThat(h[7]).isEqualTo((byte) 0);
    int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
    assertThat(10 + len).isEqualTo(h.length);
    assertThat(h.length % 64).as("data starts 64-byte aligned").isZero();
    String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
    assertThat(dict).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    assertThat(dict).endsWith("\n");
    assertThat(dict.trim()).endsWith("}");
    String oneD =
        new String(
            NpyArray.ofFloats(new int[] {5}, new float[5]).header(), StandardCharsets.US_ASCII);
    assertThat(oneD).contains("'shape': (5,), }");
    String scalar =
        new String(
            NpyArray.ofFloats(new int[] {}, new float[1]).header(), StandardCharsets.US_ASCII);
    assertThat(scalar).contains("'shape': (), }");
  }

  @Test
  void roundTripsFloat32AndFloat64() throws IOException {
    NpyArray a =
        NpyArray.ofFloats(new int[] {2, 2}, new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE});
    NpyArray back = roundTrip(a);
    assertThat(back.shape()).containsExactly(2, 2);
    assertThat(back.dtype()).isEqualTo(NpyArray.Dtype.FLOAT32);
    assertThat(back.floats()).containsExactly(1.5f, -2f, 3.25f, Float.MIN_VALUE);
    NpyArray d =
        new NpyArray(new int[] {3}, NpyArray.Dtype.FLOAT64, new double[] {Math.PI, -1e-300, 7});
    assertThat(roundTrip(d).values()).containsExactly(Math.PI, -1e-300, 7);
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(
            () ->
                NpyArray.read(
                    new ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII)),
                    "x.npy"))
        .hasMessage("x.npy: not an .npy file (bad magic)");
    byte[] good = bytes(NpyArray.ofFloats(new int[] {4}, new float[4]));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> NpyArray.read(new ByteArrayInputStream(truncated), "t.npy"))
        .hasMessageContaining("t.npy: truncated .npy data, expected 16 bytes, found 13");
    byte[] ints = bytes(NpyArray.ofFloats(new int[] {4}, new float[4]));
    String text = new String(ints, StandardCharsets.ISO_8859_1).replace("<f4", "<i4");
    assertThatThrownBy(
            () ->
                NpyArray.read(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "i.npy"))
        .hasMessageContaining("dtype '<i4' is not supported");
  }

  /** numpy itself reads what we write and writes what we read (skipped without python3 + numpy). */
  @Test
  void numpyAgrees(@TempDir Path dir) throws Exception {
    assumeTrue(pythonHasNumpy(), "python3 with numpy not available: skipping the numpy check");
    Path ours = dir.resolve("ours.npy");
    try (var out = Files.newOutputStream(ours)) {
      NpyArray.ofFloats(new int[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5.5f}).write(out);
    }
    Path theirs = dir.resolve("theirs.npy");
    String script =
        "import numpy as np\n"
            + "a = np.load(r'"
            + ours
            + "')\n"
            + "assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)\n"
            + "assert a[1, 2] == 5.5 and a[0, 1] == 1\n"
            + "np.save(r'"
            + theirs
            + "', np.arange(6, dtype=np.float64).reshape(3, 2) / 4)\n"
            + "np.save(r'"
            + dir.resolve("zeros.npy")
            + "', np.zeros((2, 3), dtype=np.float32))\n";
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    NpyArray back;
    try (var in = Files.newInputStream(theirs)) {
      back = NpyArray.read(in, "theirs.npy");
    }
    assertThat(back.dtype()).isEqualTo(NpyArray.Dtype.FLOAT64);
    assertThat(back.shape()).containsExactly(3, 2);
    assertThat(back.values()).containsExactly(0, 0.25, 0.5, 0.75, 1, 1.25);
    byte[] header = NpyArray.ofFloats(new int[] {2, 3}, new float[6]).header();
    byte[] numpyFile = Files.readAllBytes(dir.resolve("zeros.npy"));
    assertThat(java.util.Arrays.copyOf(numpyFile, header.length))
        .as("numpy writes the very same header")
        .isEqualTo(header);
  }

  private static boolean pythonHasNumpy() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static NpyArray roundTrip(NpyArray a) throws IOException {
    return NpyArray.read(new ByteArrayInputStream(bytes(a)), "mem");
  }

  private static byte[] bytes(NpyArray a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      a.write(out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
