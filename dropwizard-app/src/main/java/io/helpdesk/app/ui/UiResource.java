package io.helpdesk.app.ui;

import io.helpdesk.app.auth.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web UI's page at {@code /}. Its scripts and styles are static files under {@code /assets}
 * (Dropwizard's assets servlet); the page itself comes from here because the API's Jersey servlet
 * owns every other path of the application port. The UI talks only to the public API under {@code
 * /api/v1} and its event stream.
 */
@Path("/")
@Public
public final class UiResource {
  /** Where the UI's files live on the class path; {@code /assets} serves its {@code assets}. */
  public static final String CLASSPATH_ROOT = "/io/helpdesk/app/ui";

  private final byte[] page;

  public UiResource() {
    try (InputStream in = UiResource.class.getResourceAsStream(CLASSPATH_ROOT + "/index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html of the web UI is missing from the class path");
      }
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single page; the UI routes with the URL fragment, so this is its only HTML. */
  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    CacheControl noCache = new CacheControl();
    noCache.setNoCache(true);
    return Response.ok(page).cacheControl(noCache).build();
  }
}
