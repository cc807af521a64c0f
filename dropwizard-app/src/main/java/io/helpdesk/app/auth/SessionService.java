package io.helpdesk.app.auth;

import io.helpdesk.app.config.AuthConfig;
import io.helpdesk.app.db.SessionStore;
import io.helpdesk.core.AccessDeniedException;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Starts and ends browser sessions. Every way of signing in (dev sign-in today, OIDC next) ends in
 * {@link #signIn}: it checks the allowed domains, registers a first-time member (bootstrap admins
 * as admins), and issues a fresh session id in the cookie.
 */
public final class SessionService {
  public static final String COOKIE = "helpdesk_session";

  private final SessionStore sessions;
  private final HelpdeskEngine engine;
  private final AuthConfig config;
  private final Clock clock;

  public SessionService(
      SessionStore sessions, HelpdeskEngine engine, AuthConfig config, Clock clock) {
    this.sessions = sessions;
    this.engine = engine;
    this.config = config;
    this.clock = clock;
  }

  /** A signed-in member and the cookie that carries their new session. */
  public record SignedIn(Member member, SessionStore.Session session, NewCookie cookie) {}

  /**
   * Signs a verified email in. Any session the browser still had is ended first, so the session id
   * always changes at sign-in.
   *
   * @param previousCookie the session cookie the request came with, if any
   * @throws AccessDeniedException for an email outside the allowed domains or a deactivated member
   */
  public SignedIn signIn(String email, String displayName, Optional<Cookie> previousCookie) {
    if (!config.isEmailAllowed(email)) {
      throw new AccessDeniedException("sign in", "the email's domain is not allowed");
    }
    previousCookie.ifPresent(this::endSession);
    boolean bootstrapAdmin =
        config.getBootstrapAdminEmails().stream().anyMatch(admin -> admin.equalsIgnoreCase(email));
    if (bootstrapAdmin && engine.findMemberByEmail(email).isEmpty()) {
      engine.registerMember(email, displayName, Role.ADMIN, Set.of(), 0);
    }
    Member member = engine.signIn(email, displayName);
    Instant now = clock.instant();
    SessionStore.NewSession created =
        sessions.create(member.id(), now, now.plus(absoluteTimeout()));
    return new SignedIn(member, created.session(), cookie(created.cookieValue()));
  }

  /** Ends the session named by this cookie (if it exists) and returns a cookie that clears it. */
  public NewCookie signOut(Optional<Cookie> cookie) {
    cookie.ifPresent(this::endSession);
    return clearingCookie();
  }

  public Duration idleTimeout() {
    return config.getSessionIdleTimeout().toJavaDuration();
  }

  public Duration absoluteTimeout() {
    return config.getSessionAbsoluteTimeout().toJavaDuration();
  }

  private void endSession(Cookie cookie) {
    sessions.find(cookie.getValue()).ifPresent(session -> sessions.delete(session.idHash()));
  }

  NewCookie cookie(String value) {
    return new NewCookie.Builder(COOKIE)
        .value(value)
        .path("/")
        .httpOnly(true)
        .secure(config.isSecureCookies())
        .sameSite(NewCookie.SameSite.LAX)
        .maxAge((int) absoluteTimeout().toSeconds())
        .build();
  }

  NewCookie clearingCookie() {
    return new NewCookie.Builder(COOKIE)
        .value("")
        .path("/")
        .httpOnly(true)
        .secure(config.isSecureCookies())
        .sameSite(NewCookie.SameSite.LAX)
        .maxAge(0)
        .build();
  }
}
