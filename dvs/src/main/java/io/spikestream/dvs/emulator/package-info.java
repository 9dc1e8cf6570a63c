/**
 * Image-to-event emulation: a still image moved on a screen in front of a DVS, rendered at a fine
 * time step, turned into events where a pixel's log intensity crosses its contrast threshold.
 *
 * <p>{@link io.spikestream.dvs.emulator.DvsEmulator} is the kernel (no I/O); {@link
 * io.spikestream.dvs.emulator.EmulatorConfig} its validated parameters with per-profile defaults;
 * {@link io.spikestream.dvs.emulator.MotionProfile} the two recordings it imitates (N-MNIST's three
 * saccades, CIFAR10-DVS's repeated closed loop); {@link
 * io.spikestream.dvs.emulator.EventStatistics} the numbers used to compare emulated and real
 * samples.
 */
package io.spikestream.dvs.emulator;
