package io.helpdesk.app.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.app.api.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as {@code application/problem+json}: requests the container refuses before
 * they reach the application (an ambiguous or undecodable path, a URI too long, a malformed header)
 * get the same kind of body as every error the API itself returns, never Jetty's HTML.
 *
 * <p>The detail is Jetty's own short reason (it names what was wrong, never echoes the request).
 */
public final class ProblemErrorPages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemErrorPages() {}

  /** For the server: errors found while parsing a request, before any context. */
  public static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
    /** Every method gets the body, not only Jetty's default GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int code,
        String message,
        Throwable cause) {
      return writeProblem(response, callback, code, message);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE));
      return ByteBuffer.wrap(json(status, reason));
    }
  }

  /** For the application's servlet context: errors the container sends for a request. */
  public static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    /** Every method gets the body, not only Jetty's default GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int code,
        String message,
        Throwable cause)
        throws IOException {
      return writeProblem(response, callback, code, message);
    }
  }

  private static boolean writeProblem(
      Response response, Callback callback, int code, String message) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(json(code, message)), callback);
    return true;
  }

  static byte[] json(int status, String message) {
    String title = HttpStatus.getMessage(status);
    String detail = message == null || message.isBlank() ? title : message;
    try {
      return JSON.writeValueAsBytes(Problem.ofTitle(status, title, detail));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a problem", e);
    }
  }
}
