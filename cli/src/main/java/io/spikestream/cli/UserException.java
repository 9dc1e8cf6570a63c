package io.spikestream.cli;

/** A failure the user can fix; the CLI prints its message alone and exits non-zero. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
