package io.helpdesk.app.ui;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web UI's one page, mapped to the context root only ({@code ""}, which outranks Jersey's
 * {@code /*}); its scripts and styles are static files under {@code /assets} (Dropwizard's assets
 * servlet). The UI routes with the URL fragment and talks only to the public API under {@code
 * /api/v1} and its event stream, so the page is not part of the API (nor of its OpenAPI document).
 */
public final class UiPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Where the UI's files live on the class path; {@code /assets} serves its {@code assets}. */
  public static final String CLASSPATH_ROOT = "/io/helpdesk/app/ui";

  private final byte[] page;

  /** Reads the page from the class path once. */
  public UiPageServlet() {
    try (InputStream in = UiPageServlet.class.getResourceAsStream(CLASSPATH_ROOT + "/index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html of the web UI is missing from the class path");
      }
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/html;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(page.length);
    response.getOutputStream().write(page);
  }
}
