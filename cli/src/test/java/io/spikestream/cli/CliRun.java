package io.spikestream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code spikestream} command line, as the tests drive it: the exit code
 * and what the command printed to its out and err writers.
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code spikestream args...} through {@link SpikestreamCommand#commandLine()}. */
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
