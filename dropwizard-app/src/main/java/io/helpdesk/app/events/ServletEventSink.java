package io.helpdesk.app.events;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link EventSink} over a servlet response in async mode with a write listener set. */
final class ServletEventSink implements EventSink {
  private final AsyncContext async;
  private final ServletOutputStream out;
  private final AtomicBoolean completed = new AtomicBoolean();

  ServletEventSink(AsyncContext async, ServletOutputStream out) {
    this.async = async;
    this.out = out;
  }

  @Override
  public boolean isReady() {
    return out.isReady();
  }

  @Override
  public void write(byte[] frame) throws IOException {
    out.write(frame);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    if (completed.compareAndSet(false, true)) {
      try {
        async.complete();
      } catch (IllegalStateException e) {
        // Already completed by the container (client gone, server stopping).
      }
    }
  }
}
