/** The {@code spikestream} command line: one picocli subcommand per job, and the demo. */
package io.spikestream.cli;
