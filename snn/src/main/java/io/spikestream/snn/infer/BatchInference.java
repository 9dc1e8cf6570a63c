package io.spikestream.snn.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batched inference on the event-driven kernel (DESIGN section 7): the samples of a batch are
 * handed out one at a time to the worker threads, and each worker steps its samples one at a time
 * through the shared {@link EventDrivenNetwork} with a {@link NetworkState} of its own. The result
 * is exactly what {@link EventDrivenNetwork#run} gives sample by sample, in any thread count.
 *
 * <p>Why: for sparse spiking inputs this is faster than the dense ND4J forward of {@code
 * snn.train.BnttNetwork} on this machine (docs/benchmarks.md, issue 3 throughput), whose oneDNN
 * convolutions do the work of every zero input. The ND4J forward stays the training kernel.
 *
 * <p>Owns a fixed pool of {@code threads} daemon threads; {@link #close()} stops them. One batch at
 * a time: not thread-safe.
 */
public final class BatchInference implements AutoCloseable {

  private final EventDrivenNetwork network;
  private final int threads;
  private final NetworkState[] states;
  private final ExecutorService pool;

  /**
   * @param threads worker threads, at least 1 (1 runs the batch on the calling thread)
   */
  public BatchInference(EventDrivenNetwork network, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.network = network;
    this.threads = threads;
    this.states = new NetworkState[threads];
    for (int i = 0; i < threads; i++) {
      states[i] = network.newState();
    }
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread thread = new Thread(r, "batch-inference");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** The kernel the batch runs on. */
  public EventDrivenNetwork network() {
    return network;
  }

  /**
   * Runs every sample of a batch through all T steps from a reset state.
   *
   * @param frames {@code [B][T][C][H][W]} row-major, as the trainer hands batches over
   * @param batch B
   * @return running-mean logits after every step, {@code [B][T][K]} row-major: entry {@code (b, t,
   *     k)} is {@code (1/(t+1)) Σ_{j≤t} (W_out s_L[j])_k} (DESIGN section 9), the layout of {@code
   *     snn.train.StepLogits}
   */
  public double[] stepLogits(float[] frames, int batch) {
    int timesteps = network.config().timesteps();
    int frameSize = network.config().frameSize();
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (frames.length != (long) batch * timesteps * frameSize) {
      throw new IllegalArgumentException(
          "frames has "
              + frames.length
              + " values, expected B*T*C*H*W = "
              + batch
              + "*"
              + timesteps
              + "*"
              + frameSize);
    }
    double[] out = new double[batch * timesteps * network.config().classes()];
    int workers = Math.min(threads, batch);
    if (workers == 1) {
      runShare(states[0], frames, out, 0, batch);
      return out;
    }
    // Samples are handed out one at a time, so that a worker whose samples spike less (and run
    // faster) takes more of them instead of waiting for the other's contiguous share.
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      NetworkState state = states[w];
      futures.add(pool.submit(() -> runNext(state, frames, out, next, batch)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(g -> g.cancel(true));
        throw new IllegalStateException("interrupted while running a batch", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException("batch inference failed", e.getCause());
      }
    }
    return out;
  }

  private void runNext(
      NetworkState state, float[] frames, double[] out, AtomicInteger next, int batch) {
    for (int b = next.getAndIncrement(); b < batch; b = next.getAndIncrement()) {
      runShare(state, frames, out, b, b + 1);
    }
  }

  private void runShare(NetworkState state, float[] frames, double[] out, int from, int to) {
    int timesteps = network.config().timesteps();
    int frameSize = network.config().frameSize();
    int classes = network.config().classes();
    double[] logits = new double[classes];
    for (int b = from; b < to; b++) {
      state.reset();
      for (int t = 0; t < timesteps; t++) {
        network.step(state, frames, (b * timesteps + t) * frameSize, t);
        state.logits(logits);
        System.arraycopy(logits, 0, out, (b * timesteps + t) * classes, classes);
      }
    }
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
