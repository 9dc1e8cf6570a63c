package io.spikestream.dvs.emulator;

/**
 * Parameters of the {@link DvsEmulator}, validated; {@link #defaults(MotionProfile)} is the one
 * source of defaults (tuned so emulated N-MNIST-like samples match the real recordings, see
 * docs/emulator.md).
 *
 * @param profile output geometry, placement, motion and sample length
 * @param onThreshold log-intensity increase that fires an ON event (> 0)
 * @param offThreshold log-intensity decrease that fires an OFF event (> 0)
 * @param thresholdSigma standard deviation of the per-pixel threshold mismatch, absolute (>= 0)
 * @param refractoryMicros a pixel fires no event this soon after its previous one (>= 0)
 * @param noiseRateHz background-activity events per pixel per second (>= 0)
 * @param stepMicros rendering time step (>= 1)
 * @param amplitude motion amplitude in output pixels (>= 0)
 * @param amplitudeJitter per-sample relative jitter of the amplitude, in [0, 1)
 * @param darkLevel added to intensities in [0, 1] before the logarithm (> 0): the screen's black
 * @param background intensity of the screen around the image, in [0, 1]
 */
public record EmulatorConfig(
    MotionProfile profile,
    double onThreshold,
    double offThreshold,
    double thresholdSigma,
    long refractoryMicros,
    double noiseRateHz,
    long stepMicros,
    double amplitude,
    double amplitudeJitter,
    double darkLevel,
    double background) {

  public EmulatorConfig {
    if (profile == null) {
      throw new IllegalArgumentException("profile must be NMNIST or CIFAR10DVS, got null");
    }
    positive("onThreshold", onThreshold);
    positive("offThreshold", offThreshold);
    if (!(thresholdSigma >= 0 && thresholdSigma < 1)) {
      throw new IllegalArgumentException("thresholdSigma must be in [0, 1), got " + thresholdSigma);
    }
    if (refractoryMicros < 0) {
      throw new IllegalArgumentException("refractoryMicros must be >= 0, got " + refractoryMicros);
    }
    if (!(noiseRateHz >= 0 && noiseRateHz < 1e6)) {
      throw new IllegalArgumentException("noiseRateHz must be in [0, 1e6), got " + noiseRateHz);
    }
    if (stepMicros < 1 || stepMicros > profile.durationMicros()) {
      throw new IllegalArgumentException(
          "stepMicros must be in 1.." + profile.durationMicros() + ", got " + stepMicros);
    }
    if (!(amplitude >= 0 && amplitude <= 64)) {
      throw new IllegalArgumentException("amplitude must be in [0, 64], got " + amplitude);
    }
    if (!(amplitudeJitter >= 0 && amplitudeJitter < 1)) {
      throw new IllegalArgumentException(
          "amplitudeJitter must be in [0, 1), got " + amplitudeJitter);
    }
    positive("darkLevel", darkLevel);
    if (!(background >= 0 && background <= 1)) {
      throw new IllegalArgumentException("background must be in [0, 1], got " + background);
    }
  }

  private static void positive(String field, double value) {
    if (!(value > 0 && value < 100)) {
      throw new IllegalArgumentException(field + " must be in (0, 100), got " + value);
    }
  }

  /** Defaults for a profile. */
  public static EmulatorConfig defaults(MotionProfile profile) {
    return switch (profile) {
      case NMNIST ->
          new EmulatorConfig(profile, 0.25, 0.25, 0.03, 1000, 0.2, 1000, 1.5, 0.1, 0.1, 0);
      case CIFAR10DVS ->
          new EmulatorConfig(profile, 0.25, 0.25, 0.03, 1000, 0.2, 1000, 2.5, 0.1, 0.1, 0.5);
    };
  }

  /** A copy with other thresholds. */
  public EmulatorConfig withThresholds(double on, double off) {
    return new EmulatorConfig(
        profile,
        on,
        off,
        thresholdSigma,
        refractoryMicros,
        noiseRateHz,
        stepMicros,
        amplitude,
        amplitudeJitter,
        darkLevel,
        background);
  }

  /** A copy with another refractory period and noise rate. */
  public EmulatorConfig withRefractoryAndNoise(long refractory, double noiseHz) {
    return new EmulatorConfig(
        profile,
        onThreshold,
        offThreshold,
        thresholdSigma,
        refractory,
        noiseHz,
        stepMicros,
        amplitude,
        amplitudeJitter,
        darkLevel,
        background);
  }

  /** A copy with another motion amplitude and jitter. */
  public EmulatorConfig withAmplitude(double pixels, double jitter) {
    return new EmulatorConfig(
        profile,
        onThreshold,
        offThreshold,
        thresholdSigma,
        refractoryMicros,
        noiseRateHz,
        stepMicros,
        pixels,
        jitter,
        darkLevel,
        background);
  }

  /** A copy with another threshold mismatch. */
  public EmulatorConfig withThresholdSigma(double sigma) {
    return new EmulatorConfig(
        profile,
        onThreshold,
        offThreshold,
        sigma,
        refractoryMicros,
        noiseRateHz,
        stepMicros,
        amplitude,
        amplitudeJitter,
        darkLevel,
        background);
  }
}
