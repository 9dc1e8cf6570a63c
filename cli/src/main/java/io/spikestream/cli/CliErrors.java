package io.spikestream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns expected failures (bad input files, unreachable brokers, invalid arguments) into one clear
 * line on stderr and a non-zero exit code, without a stack trace. Unexpected exceptions still print
 * their trace, since they are bugs. Set {@code SPIKESTREAM_DEBUG=1} for traces always.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

  /** Exit code for a failure the user can fix (bad file, missing broker, bad argument). */
  static final int USER_ERROR = 1;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (System.getenv("SPIKESTREAM_DEBUG") != null) {
      throw ex;
    }
    Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    if (cause instanceof IOException
        || cause instanceof IllegalArgumentException
        || cause instanceof IllegalStateException
        || cause instanceof UserException) {
      commandLine
          .getErr()
          .println(commandLine.getColorScheme().errorText("error: " + cause.getMessage()));
      return USER_ERROR;
    }
    throw ex;
  }
}
