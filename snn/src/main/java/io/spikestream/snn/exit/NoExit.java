package io.spikestream.snn.exit;

/** Never exits early: all T timesteps run. */
public record NoExit() implements ExitPolicy {

  /** The one instance. */
  public static final NoExit INSTANCE = new NoExit();

  private static final ExitDecider NEVER =
      new ExitDecider() {
        @Override
        public boolean exitAfter(int t, double[] logits) {
          return false;
        }

        @Override
        public void reset() {}
      };

  @Override
  public ExitKind kind() {
    return ExitKind.NONE;
  }

  @Override
  public ExitDecider decider() {
    return NEVER;
  }
}
