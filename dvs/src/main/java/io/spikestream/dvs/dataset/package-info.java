/**
 * Datasets of recordings with labels and splits: {@link io.spikestream.dvs.dataset.Datasets#open}
 * recognises a single file, the CIFAR10-DVS class folders ({@link
 * io.spikestream.dvs.dataset.Cifar10DvsLayout}) or the N-MNIST digit folders ({@link
 * io.spikestream.dvs.dataset.NmnistLayout}) or other class folders ({@link
 * io.spikestream.dvs.dataset.ClassFoldersLayout}) and gives a {@link
 * io.spikestream.dvs.dataset.Dataset} of {@link io.spikestream.dvs.dataset.LabelledSample}s in a
 * deterministic order. Train/test cuts without an official split follow {@link
 * io.spikestream.dvs.dataset.SplitRule} (DESIGN section 4). The one dataset scanner of the project:
 * replay, train and evaluate all list samples through it.
 */
package io.spikestream.dvs.dataset;
