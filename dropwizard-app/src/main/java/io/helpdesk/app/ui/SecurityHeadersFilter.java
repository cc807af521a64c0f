package io.helpdesk.app.ui;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response of the application port: a strict Content Security Policy
 * (only this origin's scripts, styles and connections; no inline code; no framing), {@code nosniff}
 * and a referrer policy. The web UI is written to run under exactly this policy.
 */
public final class SecurityHeadersFilter implements Filter {
  /** The UI's policy: everything from this origin, nothing inline, never in a frame. */
  public static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self'",
          "font-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse http) {
      http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      http.setHeader("X-Content-Type-Options", "nosniff");
      http.setHeader("Referrer-Policy", "same-origin");
      http.setHeader("X-Frame-Options", "DENY");
      http.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }
    chain.doFilter(request, response);
  }
}
