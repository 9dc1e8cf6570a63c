package io.spikestream.bench;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.infer.BatchInference;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.NetworkState;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.NetworkConfig;
import io.spikestream.snn.train.BatchNetworkConfig;
import io.spikestream.snn.train.OptimizerConfig;
import io.spikestream.snn.train.PhaseProfile;
import io.spikestream.snn.train.StepLogits;
import io.spikestream.snn.train.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Throughput of ND4J batched BNTT training (forward + BPTT + SGD step) and batched evaluation
 * (running statistics, per-step logits), DESIGN section 7. Input: binary DVS-like frames with a
 * given density of ones, fixed across iterations (as a data loader would hand them over, already
 * t-major); the conversion from {@code [B, T, C, H, W]} is timed separately.
 *
 * <p>Usage: {@code java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * io.spikestream.bench.SnnThroughput [arch] [C] [H] [W] [T] [batch] [iterations] [density]
 * [both|train|eval|infer|compare|profile|layers] [model data]}; defaults {@code c32-p2-c64-p2-f256
 * 2 34 34 20 32 10 0.05 both} (N-MNIST geometry). With a trained model artifact and a recordings
 * folder (N-MNIST layout, test files) as the last two arguments, the model's weights and running
 * statistics are used and the batch holds real recordings binned with the model's spec (arch, C, H,
 * W, T and density are then taken from the model). {@code both} = train and ND4J eval; {@code
 * infer} = the event-driven kernel over the batch ({@code BatchInference}, one worker per available
 * processor); {@code compare} = ND4J eval and infer, with their agreement; {@code profile} =
 * training steps with the milliseconds of each phase ({@link PhaseProfile}); {@code layers} = the
 * event-driven kernel on this thread, one sample at a time, with the microseconds per step of each
 * layer ({@code NetworkState.timeLayers}). Prints samples/s of each measured iteration and the
 * median.
 */
public final class SnnThroughput {

  private SnnThroughput() {}

  public static void main(String[] args) {
    String arch = args.length > 0 ? args[0] : "c32-p2-c64-p2-f256";
    int c = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int h = args.length > 2 ? Integer.parseInt(args[2]) : 34;
    int w = args.length > 3 ? Integer.parseInt(args[3]) : 34;
    int t = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 32;
    int iterations = args.length > 6 ? Integer.parseInt(args[6]) : 10;
    double density = args.length > 7 ? Double.parseDouble(args[7]) : 0.05;
    String what = args.length > 8 ? args[8] : "both";
    String model = args.length > 10 ? args[9] : null;
    int warmup = 3;
    // the event-driven kernel's Vector API code runs boxed (slowly) until C2 compiles it: the
    // first batches on one core ran at ~70 % of the later ones
    int kernelWarmup = 10;

    TrainingSession session;
    float[] frames;
    Random random = new Random(7);
    if (model != null) {
      ModelArtifact artifact = RealSamples.model(model);
      NetworkConfig n = artifact.config();
      arch = n.architecture().spec();
      c = n.inChannels();
      h = n.height();
      w = n.width();
      t = n.timesteps();
      BatchNetworkConfig config = BatchNetworkConfig.of(n);
      session = new TrainingSession(config, artifact.parameters(), OptimizerConfig.sgd(0.1), 1);
      frames = RealSamples.batch(RealSamples.frames(artifact.binning(), args[10], batch));
      double nonZero = 0;
      for (float v : frames) {
        nonZero += v != 0 ? 1 : 0;
      }
      density = nonZero / frames.length;
      System.out.println("model " + model + ", " + batch + " recordings of " + args[10]);
    } else {
      BatchNetworkConfig config = BatchNetworkConfig.of(Architecture.parse(arch), c, h, w, 10, t);
      session = new TrainingSession(config, OptimizerConfig.sgd(0.1), 1);
      frames = new float[batch * t * c * h * w];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = random.nextDouble() < density ? 1f : 0f;
      }
    }
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = random.nextInt(10);
    }
    System.out.printf(
        Locale.ROOT,
        "arch %s, input %dx%dx%d, T=%d, batch %d, density %.3f, %d measured iterations after %d"
            + " warm-up (%d for the event-driven kernel)%n",
        arch,
        c,
        h,
        w,
        t,
        batch,
        density,
        iterations,
        warmup,
        kernelWarmup);

    long t0 = System.nanoTime();
    INDArray input = null;
    for (int i = 0; i < 5; i++) {
      input = session.network().timeMajorInput(frames, batch);
    }
    System.out.printf(
        Locale.ROOT, "input conversion: %.1f ms per batch%n", (System.nanoTime() - t0) / 5e6);

    if (what.equals("profile")) {
      profile(session, input, labels, batch, warmup, iterations);
      return;
    }

    if (what.equals("both") || what.equals("train")) {
      double[] train = new double[iterations];
      for (int i = 0; i < warmup + iterations; i++) {
        long s = System.nanoTime();
        session.trainBatch(input, labels);
        double sec = (System.nanoTime() - s) / 1e9;
        if (i >= warmup) {
          train[i - warmup] = batch / sec;
        }
      }
      report("train", train);
    }

    StepLogits eval = null;
    if (what.equals("both") || what.equals("eval") || what.equals("compare")) {
      double[] rates = new double[iterations];
      for (int i = 0; i < warmup + iterations; i++) {
        long s = System.nanoTime();
        eval = session.evaluateBatch(input, batch);
        double sec = (System.nanoTime() - s) / 1e9;
        if (i >= warmup) {
          rates[i - warmup] = batch / sec;
        }
      }
      report("eval", rates);
    }

    if (what.equals("layers")) {
      layers(
          new EventDrivenNetwork(session.exportParameters()),
          frames,
          batch,
          kernelWarmup,
          iterations);
      return;
    }

    if (what.equals("infer") || what.equals("compare")) {
      int threads = Runtime.getRuntime().availableProcessors();
      EventDrivenNetwork network = new EventDrivenNetwork(session.exportParameters());
      double[] rates = new double[iterations];
      double[] logits = null;
      try (BatchInference inference = new BatchInference(network, threads)) {
        for (int i = 0; i < kernelWarmup + iterations; i++) {
          long s = System.nanoTime();
          logits = inference.stepLogits(frames, batch);
          double sec = (System.nanoTime() - s) / 1e9;
          if (i >= kernelWarmup) {
            rates[i - kernelWarmup] = batch / sec;
          }
        }
      }
      report("infer", rates);
      System.out.println(
          "(event-driven BatchInference on "
              + threads
              + " threads; conv gather on the Vector API: "
              + network.vectorised()
              + ")");
      if (eval != null) {
        StepLogits event = new StepLogits(batch, t, eval.classes(), logits);
        int same = 0;
        double worst = 0;
        for (int b = 0; b < batch; b++) {
          same += eval.predicted(b, t - 1) == event.predicted(b, t - 1) ? 1 : 0;
          for (int k = 0; k < eval.classes(); k++) {
            worst = Math.max(worst, Math.abs(eval.logit(b, t - 1, k) - event.logit(b, t - 1, k)));
          }
        }
        System.out.printf(
            Locale.ROOT,
            "ND4J vs event-driven: %d of %d predictions equal, largest final-logit difference"
                + " %.2e%n",
            same,
            batch,
            worst);
      }
    }
  }

  /**
   * The event-driven kernel over the batch on this thread, one sample at a time, with per-layer
   * timing: microseconds per step of each stage (mean over the measured iterations) and its share.
   * The clock is read once per layer and step, which the shares include.
   */
  private static void layers(
      EventDrivenNetwork network, float[] frames, int batch, int warmup, int iterations) {
    NetworkConfig config = network.config();
    int timesteps = config.timesteps();
    int frameSize = config.frameSize();
    NetworkState state = network.newState();
    double[] rates = new double[iterations];
    for (int i = 0; i < warmup + iterations; i++) {
      if (i == warmup) {
        state.timeLayers(true);
      }
      long s = System.nanoTime();
      for (int b = 0; b < batch; b++) {
        state.reset();
        for (int t = 0; t < timesteps; t++) {
          network.step(state, frames, (b * timesteps + t) * frameSize, t);
        }
      }
      double sec = (System.nanoTime() - s) / 1e9;
      if (i >= warmup) {
        rates[i - warmup] = batch / sec;
      }
    }
    long[] nanos = state.layerNanos();
    double steps = (double) iterations * batch * timesteps;
    double total = 0;
    for (long n : nanos) {
      total += n;
    }
    List<String> names = new ArrayList<>();
    names.add("input frame");
    for (LayerShape l : config.layerShapes()) {
      names.add(
          String.format(
              Locale.ROOT,
              "%s %dx%dx%d -> %dx%dx%d",
              l.kind(),
              l.inChannels(),
              l.inHeight(),
              l.inWidth(),
              l.outChannels(),
              l.outHeight(),
              l.outWidth()));
    }
    names.add("output layer");
    for (int k = 0; k < nanos.length; k++) {
      System.out.printf(
          Locale.ROOT,
          "  %-36s %8.1f us per step %5.1f %%%n",
          names.get(k),
          nanos[k] / 1e3 / steps,
          100 * nanos[k] / total);
    }
    System.out.printf(
        Locale.ROOT, "  %-36s %8.1f us per step%n", "all stages", total / 1e3 / steps);
    report("layers", rates);
    System.out.println(
        "(event-driven kernel, one sample at a time on this thread; conv gather on the Vector"
            + " API: "
            + EventDrivenNetwork.vectorAvailable()
            + ")");
  }

  /**
   * Training steps with a {@link PhaseProfile}: wall-clock milliseconds per step of each phase
   * (mean over the measured steps), its share, and the CPU time of the process per wall second (2.0
   * = both cores busy) over the measured steps.
   */
  private static void profile(
      TrainingSession session,
      INDArray input,
      int[] labels,
      int batch,
      int warmup,
      int iterations) {
    PhaseProfile profile = new PhaseProfile();
    session.setProfile(profile);
    for (int i = 0; i < warmup; i++) {
      session.trainBatch(input, labels);
    }
    profile.clear();
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    long s = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      session.trainBatch(input, labels);
    }
    long wall = System.nanoTime() - s;
    long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0;
    double stepMillis = wall / 1e6 / iterations;
    double timed = 0;
    for (Map.Entry<String, Double> e : profile.totalMillis().entrySet()) {
      double ms = e.getValue() / iterations;
      timed += ms;
      System.out.printf(
          Locale.ROOT, "  %-26s %8.1f ms %5.1f %%%n", e.getKey(), ms, 100 * ms / stepMillis);
    }
    System.out.printf(
        Locale.ROOT,
        "  %-26s %8.1f ms %5.1f %%%nstep %.1f ms (%.1f samples/s), process CPU %.2f s per wall"
            + " second%n",
        "(not in a phase)",
        stepMillis - timed,
        100 * (stepMillis - timed) / stepMillis,
        stepMillis,
        batch * 1000 / stepMillis,
        (double) cpu / wall);
  }

  private static void report(String what, double[] samplesPerSecond) {
    double[] sorted = samplesPerSecond.clone();
    java.util.Arrays.sort(sorted);
    StringBuilder sb = new StringBuilder();
    for (double v : samplesPerSecond) {
      sb.append(String.format(Locale.ROOT, " %.1f", v));
    }
    System.out.printf(
        Locale.ROOT,
        "%-5s samples/s: median %.1f  (min %.1f, max %.1f; all:%s)%n",
        what,
        sorted[sorted.length / 2],
        sorted[0],
        sorted[sorted.length - 1],
        sb);
  }
}
