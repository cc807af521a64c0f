package io.helpdesk.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem: every error the API returns has this body, as {@code
 * application/problem+json}.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time
 * @param field the input field at fault, for input errors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
  private static final String TYPE_BASE = "urn:helpdesk:problem:";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null);
  }

  /**
   * A problem named after its status's title (e.g. "Bad Request" -> {@code
   * urn:helpdesk:problem:bad-request}), for errors that have no kind of their own.
   */
  public static Problem ofTitle(int status, String title, String detail) {
    String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return of(status, slug, title, detail);
  }

  public static Problem invalidInput(int status, String field, String detail) {
    return new Problem(TYPE_BASE + "invalid-input", "Invalid input", status, detail, field);
  }

  public Response toResponse() {
    return Response.status(status).type(PROBLEM_JSON).entity(this).build();
  }
}
