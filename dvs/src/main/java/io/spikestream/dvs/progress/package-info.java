/**
 * The one terminal progress bar of the project ({@link io.spikestream.dvs.progress.ProgressBar}),
 * used by long work in every module that shows progress: binning, training and evaluation
 * (trainer), replay (producers), emulation (cli). It lives in {@code dvs}, the lowest module all of
 * them depend on, and needs nothing but {@code java.io}.
 */
package io.spikestream.dvs.progress;
