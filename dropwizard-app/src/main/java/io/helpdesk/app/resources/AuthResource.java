package io.helpdesk.app.resources;

import io.helpdesk.app.auth.SessionService;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Session end points. Sign-in lives with each method of signing in: {@code /api/v1/dev/sign-in}
 * here, {@code /api/v1/auth/oidc/...} with the OIDC client, both through {@link SessionService}.
 */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
  private final SessionService sessions;

  public AuthResource(SessionService sessions) {
    this.sessions = sessions;
  }

  /** Ends the caller's session (needs the session and its CSRF token, like any change). */
  @POST
  @Path("/sign-out")
  public Response signOut(@CookieParam(SessionService.COOKIE) Cookie cookie) {
    return Response.noContent().cookie(sessions.signOut(Optional.ofNullable(cookie))).build();
  }
}
