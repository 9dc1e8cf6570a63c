package io.spikestream.dvs.io;

import java.io.IOException;

/**
 * A file or stream whose bytes do not follow its format: truncated, corrupt or unrecognised. The
 * message names the byte offset at which the problem was found.
 */
public final class EventFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long byteOffset;

  /**
   * @param message what is wrong, without the offset (it is appended)
   * @param byteOffset offset from the start of the file or stream, or -1 if unknown
   */
  public EventFormatException(String message, long byteOffset) {
    super(byteOffset >= 0 ? message + " (at byte offset " + byteOffset + ")" : message);
    this.byteOffset = byteOffset;
  }

  /** Offset from the start of the file or stream at which the problem was found, or -1. */
  public long byteOffset() {
    return byteOffset;
  }
}
