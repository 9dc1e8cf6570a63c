package io.spikestream.bench;

import io.spikestream.snn.Architecture;
import io.spikestream.snn.artifact.ModelArtifact;
import io.spikestream.snn.infer.EventDrivenNetwork;
import io.spikestream.snn.infer.NetworkState;
import io.spikestream.snn.infer.WindowTrace;
import io.spikestream.snn.model.LayerShape;
import io.spikestream.snn.model.ModelParameters;
import io.spikestream.snn.model.NetworkConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-sensor streaming inference throughput of the event-driven kernel (DESIGN section 7):
 * samples/s, one sample = one whole window of T steps from a reset state, on one thread.
 *
 * <p>Input: N-MNIST-like frames, 2x34x34, T = 20: each sample is a digit-like ring stroke of ~5,000
 * events over the window (N-MNIST samples carry 4-6 thousand events in 300 ms), each frame ~250
 * events scattered along the stroke, which jitters with a saccade offset, polarity random; COUNT
 * values. Weights: Xavier-uniform (gain 2); BNTT γ per layer chosen by bisection so that every
 * hidden layer fires at {@code spikeRate} on average (a trained BNTT net fires sparsely); running
 * mean 0, variance 1. The spike rates reached are printed at setup.
 *
 * <p>Run: {@code taskset -c 1 java -cp 'bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
 * org.openjdk.jmh.Main SnnInferenceBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the production kernel path: gathering conv layers on the Vector API (EventDrivenNetwork)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SnnInferenceBench {

  /** Architecture spec. */
  @Param({"c32-p2-c64-p2-f256"})
  public String architecture;

  /** Timesteps per window. */
  @Param({"20"})
  public int timesteps;

  /** Target mean spike rate of every hidden layer. */
  @Param({"0.1"})
  public double spikeRate;

  /** Events per sample (spread evenly over the T frames). */
  @Param({"5000"})
  public int eventsPerSample;

  /**
   * A trained model artifact; when set, its weights and binning are used on real recordings from
   * {@link #data} (and architecture, timesteps, spikeRate and eventsPerSample are ignored).
   */
  @Param({""})
  public String model;

  /** Recordings (N-MNIST layout) binned for {@link #model}; test files only. */
  @Param({"/work/data/fmnist-test"})
  public String data;

  private static final int SAMPLES = 16;

  private static final int REAL_SAMPLES = 64;

  private EventDrivenNetwork network;
  private NetworkState state;
  private float[][][] samples;
  private int next;

  /** Builds frames, parameters calibrated to the spike rate, the kernel and one state. */
  @Setup(Level.Trial)
  public void setUp() {
    if (!model.isEmpty()) {
      ModelArtifact artifact = RealSamples.model(model);
      samples = RealSamples.frames(artifact.binning(), data, REAL_SAMPLES);
      network = new EventDrivenNetwork(artifact.parameters());
      state = network.newState();
      printInputs(artifact.config().architecture().toString(), samples.length);
      return;
    }
    NetworkConfig config =
        NetworkConfig.of(Architecture.parse(architecture), 2, 34, 34, 10, timesteps);
    samples = new float[SAMPLES][][];
    SplittableRandom random = new SplittableRandom(42);
    for (int s = 0; s < SAMPLES; s++) {
      samples[s] = digitLikeSample(random, timesteps, eventsPerSample);
    }
    ModelParameters params = calibrate(ModelParameters.initialise(config, 1), samples, spikeRate);
    network = new EventDrivenNetwork(params);
    state = network.newState();
    printInputs(architecture, SAMPLES);
  }

  private void printInputs(String name, int count) {
    double[] rates = spikeRates(network, samples);
    double nonZero = 0;
    for (float[][] sample : samples) {
      for (float[] frame : sample) {
        for (float v : frame) {
          nonZero += v != 0 ? 1 : 0;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n%s T=%d, %d samples: %.0f non-zero input pixels per frame, hidden spike rates %s%n",
        name,
        samples[0].length,
        count,
        nonZero / count / samples[0].length,
        Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 1000) / 1000.0).toArray()));
  }

  /** One whole window (T steps) of one sample through the kernel. */
  @Benchmark
  public void window(Blackhole bh) {
    float[][] frames = samples[next];
    next = (next + 1) % samples.length;
    state.reset();
    for (int t = 0; t < frames.length; t++) {
      network.step(state, frames[t], t);
    }
    bh.consume(state.logits());
  }

  /** A ring-shaped stroke with saccade jitter, events spread over T COUNT frames. */
  static float[][] digitLikeSample(SplittableRandom random, int timesteps, int events) {
    float[][] frames = new float[timesteps][2 * 34 * 34];
    double cx = 17 + random.nextDouble(-3, 3);
    double cy = 17 + random.nextDouble(-3, 3);
    double radius = 8 + random.nextDouble(0, 3);
    for (int t = 0; t < timesteps; t++) {
      double dx = 2 * Math.sin(2 * Math.PI * t / timesteps);
      double dy = 2 * Math.cos(2 * Math.PI * t / timesteps);
      for (int e = 0; e < events / timesteps; e++) {
        double angle = random.nextDouble(0, 2 * Math.PI);
        double r = radius + random.nextGaussian() * 1.2;
        int x = (int) Math.floor(cx + dx + r * Math.cos(angle));
        int y = (int) Math.floor(cy + dy + 1.3 * r * Math.sin(angle));
        if (x < 0 || x >= 34 || y < 0 || y >= 34) {
          continue;
        }
        int p = random.nextBoolean() ? 1 : 0;
        frames[t][(p * 34 + y) * 34 + x] += 1f;
      }
    }
    return frames;
  }

  /** Mean spike rate per hidden weight layer over the samples. */
  static double[] spikeRates(EventDrivenNetwork network, float[][][] samples) {
    List<LayerShape> layers = network.config().weightLayers();
    double[] rates = new double[layers.size()];
    NetworkState state = network.newState();
    for (float[][] sample : samples) {
      WindowTrace trace = network.run(state, sample, false);
      for (int t = 0; t < trace.steps(); t++) {
        for (int i = 0; i < rates.length; i++) {
          rates[i] +=
              trace.spikeCounts()[t][i]
                  / (double) layers.get(i).outSize()
                  / trace.steps()
                  / samples.length;
        }
      }
    }
    return rates;
  }

  /** Sets γ of each layer in turn (one constant per layer) so that it fires at {@code rate}. */
  static ModelParameters calibrate(ModelParameters params, float[][][] samples, double rate) {
    List<LayerShape> layers = params.config().weightLayers();
    for (LayerShape layer : layers) {
      int i = layer.weightIndex();
      double lo = 1e-3;
      double hi = 1e3;
      for (int iter = 0; iter < 30; iter++) {
        double mid = Math.sqrt(lo * hi);
        float[] gamma = new float[params.gamma(i).length];
        Arrays.fill(gamma, (float) mid);
        ModelParameters candidate = params.with(ModelParameters.gammaName(i), gamma);
        double r = spikeRates(new EventDrivenNetwork(candidate), Arrays.copyOf(samples, 4))[i];
        if (r < rate) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      float[] gamma = new float[params.gamma(i).length];
      Arrays.fill(gamma, (float) Math.sqrt(lo * hi));
      params = params.with(ModelParameters.gammaName(i), gamma);
    }
    return params;
  }
}
