package io.helpdesk.app.auth;

import io.helpdesk.app.api.Problem;
import io.helpdesk.app.db.ApiTokenStore;
import io.helpdesk.app.db.Secrets;
import io.helpdesk.app.db.SessionStore;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every request to a non-{@link Public} resource, by an {@code Authorization: Bearer}
 * API token or by the session cookie, and loads the member fresh each time (a deactivated member is
 * out on their next request; a demoted one acts with the new role). Requests made with the session
 * cookie that change state must carry the session's CSRF token in {@value #CSRF_HEADER}. Tokens are
 * never taken from the URL: a request with {@code access_token} in its query is refused.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

  private final SessionStore sessions;
  private final ApiTokenStore tokens;
  private final HelpdeskEngine engine;
  private final SessionService sessionService;
  private final Clock clock;

  @Context private ResourceInfo resourceInfo;

  public AuthFilter(
      SessionStore sessions,
      ApiTokenStore tokens,
      HelpdeskEngine engine,
      SessionService sessionService,
      Clock clock) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.engine = engine;
    this.sessionService = sessionService;
    this.clock = clock;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getUriInfo().getQueryParameters().containsKey("access_token")) {
      request.abortWith(
          Problem.invalidInput(
                  400, "access_token", "tokens are accepted only in the Authorization header")
              .toResponse());
      return;
    }
    if (isPublic()) {
      return;
    }
    Cookie cookie = request.getCookies().get(SessionService.COOKIE);
    Optional<Caller> caller =
        authenticate(
            request.getHeaderString(HttpHeaders.AUTHORIZATION),
            cookie == null ? null : cookie.getValue());
    if (caller.isEmpty()) {
      request.abortWith(
          Problem.of(401, "unauthenticated", "Unauthenticated", "sign in or send an API token")
              .toResponse());
      return;
    }
    if (caller.get().method() == Caller.Method.SESSION
        && !SAFE_METHODS.contains(request.getMethod())
        && !Secrets.constantTimeEquals(
            caller.get().session().orElseThrow().csrfToken(),
            request.getHeaderString(CSRF_HEADER))) {
      request.abortWith(
          Problem.of(
                  403,
                  "csrf",
                  "Missing or wrong CSRF token",
                  "send the csrfToken of GET /api/v1/me in the " + CSRF_HEADER + " header")
              .toResponse());
      return;
    }
    request.setSecurityContext(
        new CallerSecurityContext(caller.get(), request.getSecurityContext()));
  }

  /**
   * Authenticates credentials exactly as a request to the API is authenticated, for endpoints that
   * live outside Jersey (the event stream): the bearer token wins over the cookie; the member is
   * loaded fresh and must be active; the session's last use or the token's is recorded.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param sessionCookie the value of the {@value SessionService#COOKIE} cookie, or null
   * @return the caller, or empty when the credentials are missing, unknown, expired or revoked
   */
  public Optional<Caller> authenticate(String authorization, String sessionCookie) {
    return authorization != null ? bearer(authorization, true) : session(sessionCookie, true);
  }

  /**
   * Checks that credentials accepted earlier are still good, for long-lived connections: the
   * session still exists and has not timed out (sign-out deletes it), the token is not revoked, the
   * member is still active. Does not count as use: an open stream alone does not keep a session
   * alive past its idle timeout.
   *
   * @return the member as stored now (a changed role applies from here on), or empty
   */
  public Optional<Member> recheck(String authorization, String sessionCookie) {
    return (authorization != null ? bearer(authorization, false) : session(sessionCookie, false))
        .map(Caller::member);
  }

  private boolean isPublic() {
    return resourceInfo != null
        && ((resourceInfo.getResourceMethod() != null
                && resourceInfo.getResourceMethod().isAnnotationPresent(Public.class))
            || (resourceInfo.getResourceClass() != null
                && resourceInfo.getResourceClass().isAnnotationPresent(Public.class)));
  }

  private Optional<Caller> bearer(String authorization, boolean touch) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String secret = authorization.substring(7).strip();
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    return tokens
        .findActive(secret)
        .flatMap(
            token -> {
              if (touch) {
                tokens.touch(token.id(), clock.instant());
              }
              return activeMember(token.memberId());
            })
        .map(member -> new Caller(member, Caller.Method.BEARER_TOKEN, Optional.empty()));
  }

  private Optional<Caller> session(String cookie, boolean touch) {
    if (cookie == null || cookie.isEmpty()) {
      return Optional.empty();
    }
    Optional<SessionStore.Session> found = sessions.find(cookie);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SessionStore.Session session = found.get();
    Instant now = clock.instant();
    boolean expired =
        !now.isBefore(session.expiresAt())
            || !now.isBefore(session.lastSeenAt().plus(sessionService.idleTimeout()));
    Optional<Member> member = expired ? Optional.empty() : activeMember(session.memberId());
    if (member.isEmpty()) {
      sessions.delete(session.idHash());
      return Optional.empty();
    }
    if (touch && !now.isBefore(session.lastSeenAt().plus(TOUCH_GRANULARITY))) {
      sessions.touch(session.idHash(), now);
    }
    return Optional.of(new Caller(member.get(), Caller.Method.SESSION, Optional.of(session)));
  }

  private Optional<Member> activeMember(io.helpdesk.core.model.MemberId id) {
    return engine.findMember(id).filter(Member::active);
  }

  private record CallerSecurityContext(Caller caller, SecurityContext original)
      implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.member().role().name().equalsIgnoreCase(role);
    }

    @Override
    public boolean isSecure() {
      return original != null && original.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
      return caller.method() == Caller.Method.BEARER_TOKEN ? "Bearer" : "Session";
    }
  }
}
