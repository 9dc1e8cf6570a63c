package io.spikestream.producers.live;

import java.io.IOException;
import java.io.InputStream;

/** Opens the byte stream of a source: stdin, a named pipe, a socket's input. */
@FunctionalInterface
public interface StreamOpener {

  /** Opens (or reopens) the stream; may block until a writer appears (a named pipe). */
  InputStream open() throws IOException;
}
