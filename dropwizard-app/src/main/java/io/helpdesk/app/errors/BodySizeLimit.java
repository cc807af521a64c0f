package io.helpdesk.app.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps request bodies: a declared {@code Content-Length} above the cap is refused before anything
 * is read, and a chunked body is cut off when it passes the cap. Both answer 413.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class BodySizeLimit implements ContainerRequestFilter {
  private final int maxBytes;

  public BodySizeLimit(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      throw tooLarge();
    }
    if (request.hasEntity()) {
      request.setEntityStream(new LimitedStream(request.getEntityStream(), maxBytes));
    }
  }

  private TooLarge tooLarge() {
    return new TooLarge("request bodies are limited to " + maxBytes + " bytes");
  }

  /** The body passed the cap; a JSON parser may wrap it, the mapper looks for it in the causes. */
  static final class TooLarge extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message, Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
  }

  private final class LimitedStream extends FilterInputStream {
    private long remaining;

    LimitedStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      int value = super.read();
      if (value >= 0 && --remaining < 0) {
        throw tooLarge();
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int count = super.read(buffer, offset, length);
      if (count > 0) {
        remaining -= count;
        if (remaining < 0) {
          throw tooLarge();
        }
      }
      return count;
    }
  }
}
