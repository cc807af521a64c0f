package io.helpdesk.app.events;

import java.io.IOException;

/**
 * The non-blocking output of one stream: the servlet's {@code ServletOutputStream} in async mode,
 * or a fake in tests. Called only by its {@link EventConnection}, one thread at a time.
 */
public interface EventSink {
  /**
   * Whether a write may be made now without blocking. When it answers false, the sink calls {@link
   * EventConnection#drain()} once writing is possible again.
   */
  boolean isReady();

  /** Writes (or buffers) a frame; never blocks. */
  void write(byte[] frame) throws IOException;

  /** Starts sending what was written; never blocks. */
  void flush() throws IOException;

  /** Ends the response (after whatever is already being written) and frees the connection. */
  void close();
}
