/**
 * The model artifact (DESIGN section 9): {@code model.json} plus one numpy {@code .npy} file per
 * tensor, in a folder or a zip, so that numpy and PyTorch users can read it. {@link
 * io.spikestream.snn.artifact.ModelArtifacts} reads and writes it and checks the format version and
 * every shape on load.
 */
package io.spikestream.snn.artifact;
