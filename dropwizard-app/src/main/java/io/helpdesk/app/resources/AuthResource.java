package io.helpdesk.app.resources;

import io.helpdesk.app.api.SignInMethodsView;
import io.helpdesk.app.auth.Public;
import io.helpdesk.app.auth.SessionService;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Session end points. Sign-in lives with each method of signing in: {@code /api/v1/dev/sign-in}
 * here, {@code /api/v1/auth/oidc/...} in {@link OidcSignInResource}, both through {@link
 * SessionService}.
 */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
  private final SessionService sessions;
  private final SignInMethodsView methods;

  /**
   * The session end points and the list of sign-in methods.
   *
   * @param sessions starts and ends sessions
   * @param oidcProviderName the OIDC provider's display name, when OIDC sign-in is configured
   * @param devSignIn whether dev sign-in is on
   */
  public AuthResource(
      SessionService sessions, Optional<String> oidcProviderName, boolean devSignIn) {
    this.sessions = sessions;
    this.methods =
        new SignInMethodsView(
            oidcProviderName
                .map(name -> new SignInMethodsView.Oidc(name, "/api/v1/auth/oidc/start"))
                .orElse(null),
            devSignIn
                ? new SignInMethodsView.DevSignIn("/api/v1/dev/members", "/api/v1/dev/sign-in")
                : null);
  }

  /** The ways to sign in here (public): what a sign-in page should offer. */
  @GET
  @Path("/config")
  @Public
  public SignInMethodsView config() {
    return methods;
  }

  /** Ends the caller's session (needs the session and its CSRF token, like any change). */
  @POST
  @Path("/sign-out")
  public Response signOut(@CookieParam(SessionService.COOKIE) Cookie cookie) {
    return Response.noContent().cookie(sessions.signOut(Optional.ofNullable(cookie))).build();
  }
}
