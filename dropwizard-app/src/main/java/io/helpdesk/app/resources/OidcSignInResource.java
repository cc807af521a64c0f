package io.helpdesk.app.resources;

import io.helpdesk.app.auth.Public;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.auth.oidc.AuthorizationStart;
import io.helpdesk.app.auth.oidc.OidcClient;
import io.helpdesk.app.auth.oidc.OidcException;
import io.helpdesk.app.auth.oidc.OidcIdentity;
import io.helpdesk.app.config.AuthConfig;
import io.helpdesk.app.db.OidcIdentityStore;
import io.helpdesk.app.db.OidcSignInStore;
import io.helpdesk.app.db.Secrets;
import io.helpdesk.core.AccessDeniedException;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in in the browser. {@code /start} remembers a pending sign-in (state, nonce,
 * PKCE verifier) server-side, binds it to a short-lived HttpOnly cookie and sends the browser to
 * the provider; {@code /callback} takes that record once, checks it against the cookie, lets the
 * {@link OidcClient} exchange the code and validate the ID token, signs the member in with a fresh
 * session (first sign-in: a requester; bootstrap admin emails: an admin) and sends the browser back
 * to its local {@code returnTo} path. Failures send it to {@code /?signInError=<code>}; neither
 * tokens nor secrets ever appear in a URL or a log line.
 */
@Path("/api/v1/auth/oidc")
@Public
public final class OidcSignInResource {
  /** The cookie that binds a pending sign-in to the browser that started it. */
  public static final String COOKIE = "helpdesk_oidc";

  /** The cookie's path: it travels only to these endpoints. */
  public static final String COOKIE_PATH = "/api/v1/auth/oidc";

  private static final Logger log = LoggerFactory.getLogger(OidcSignInResource.class);
  private static final int MAX_RETURN_TO = 2000;
  private static final int MAX_DISPLAY_NAME = 100;

  private final OidcClient client;
  private final OidcSignInStore pendingSignIns;
  private final OidcIdentityStore identities;
  private final HelpdeskEngine engine;
  private final SessionService sessions;
  private final AuthConfig auth;
  private final String publicBaseUrl;
  private final Duration signInTimeout;
  private final Clock clock;

  /**
   * The endpoints of one provider.
   *
   * @param publicBaseUrl where the browser is sent back to (the web UI's origin)
   * @param signInTimeout how long a started sign-in stays usable
   */
  public OidcSignInResource(
      OidcClient client,
      OidcSignInStore pendingSignIns,
      OidcIdentityStore identities,
      HelpdeskEngine engine,
      SessionService sessions,
      AuthConfig auth,
      String publicBaseUrl,
      Duration signInTimeout,
      Clock clock) {
    this.client = client;
    this.pendingSignIns = pendingSignIns;
    this.identities = identities;
    this.engine = engine;
    this.sessions = sessions;
    this.auth = auth;
    this.publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
    this.signInTimeout = signInTimeout;
    this.clock = clock;
  }

  /**
   * Starts a sign-in and redirects (302) to the provider.
   *
   * @param returnTo a local path ({@code /tickets/42}) to come back to; default {@code /}
   * @throws InvalidInputException (400) when {@code returnTo} is not a local path
   */
  @GET
  @Path("/start")
  public Response start(@QueryParam("returnTo") String returnTo) {
    String target = returnTo == null || returnTo.isEmpty() ? "/" : returnTo;
    if (!isLocalPath(target)) {
      throw new InvalidInputException(
          "returnTo", "must be a local path starting with a single / (no scheme, no host)");
    }
    AuthorizationStart begun;
    try {
      begun = client.begin();
    } catch (OidcException e) {
      log.warn("OIDC sign-in could not start: {}", e.getMessage());
      return failure(SignInError.of(e.reason()));
    }
    String binding = Secrets.newSecret();
    Instant now = clock.instant();
    pendingSignIns.save(
        new OidcSignInStore.Pending(
            Secrets.hash(begun.state()),
            Secrets.hash(binding),
            begun.nonce(),
            begun.codeVerifier(),
            target,
            now.plus(signInTimeout)),
        now);
    return Response.status(Response.Status.FOUND)
        .location(begun.authorizationUrl())
        .cookie(bindingCookie(binding, (int) signInTimeout.toSeconds()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /**
   * The provider sends the browser here with {@code code} and {@code state} (or {@code error}).
   * Redirects (302) to the pending sign-in's {@code returnTo} with a new session cookie, or to
   * {@code /?signInError=<code>}.
   */
  @GET
  @Path("/callback")
  public Response callback(
      @Context UriInfo uriInfo,
      @CookieParam(COOKIE) Cookie binding,
      @CookieParam(SessionService.COOKIE) Cookie previousSession) {
    MultivaluedMap<String, String> parameters = uriInfo.getQueryParameters();
    List<String> states = parameters.get("state");
    if (binding == null
        || binding.getValue() == null
        || binding.getValue().isEmpty()
        || states == null
        || states.size() != 1
        || states.get(0).isEmpty()) {
      log.info("OIDC callback without its sign-in cookie or state");
      return failure(SignInError.INVALID_STATE);
    }
    Optional<OidcSignInStore.Pending> taken =
        pendingSignIns.take(states.get(0), binding.getValue());
    if (taken.isEmpty()) {
      log.info("OIDC callback for an unknown, used or foreign sign-in");
      return failure(SignInError.INVALID_STATE);
    }
    OidcSignInStore.Pending pending = taken.get();
    if (!clock.instant().isBefore(pending.expiresAt())) {
      return failure(SignInError.EXPIRED);
    }
    OidcIdentity identity;
    try {
      // The authorization URL is not needed to complete; the issuer stands in for it.
      identity =
          client.complete(
              parameters,
              new AuthorizationStart(
                  client.config().issuer(),
                  states.get(0),
                  pending.nonce(),
                  pending.codeVerifier()));
    } catch (OidcException e) {
      log.warn("OIDC sign-in failed: {}", e.getMessage());
      return failure(SignInError.of(e.reason()));
    }
    if (!auth.isEmailAllowed(identity.email())) {
      log.warn("OIDC sign-in refused: the email's domain is not allowed");
      return failure(SignInError.DOMAIN_NOT_ALLOWED);
    }
    Optional<MemberId> linked = identities.memberFor(identity.issuer(), identity.subject());
    Optional<Member> byEmail = engine.findMemberByEmail(identity.email());
    if (linked.isPresent() && !linked.equals(byEmail.map(Member::id))) {
      log.warn(
          "OIDC sign-in refused: account linked to member {} now has another email", linked.get());
      return failure(SignInError.ACCOUNT_CONFLICT);
    }
    if (linked.isEmpty()
        && byEmail.isPresent()
        && identities.subjectOf(identity.issuer(), byEmail.get().id()).isPresent()) {
      log.warn(
          "OIDC sign-in refused: member {} is linked to another account at the provider",
          byEmail.get().id());
      return failure(SignInError.ACCOUNT_CONFLICT);
    }
    SessionService.SignedIn signedIn;
    try {
      signedIn =
          sessions.signIn(
              identity.email(), displayName(identity), Optional.ofNullable(previousSession));
    } catch (AccessDeniedException e) {
      log.warn("OIDC sign-in refused: {}", e.getMessage());
      return failure(SignInError.ACCOUNT_DEACTIVATED);
    }
    if (linked.isEmpty()
        && !identities.link(
            identity.issuer(), identity.subject(), signedIn.member().id(), clock.instant())) {
      // Another account of the provider linked this member a moment ago: undo this sign-in.
      sessions.signOut(Optional.of(signedIn.cookie()));
      log.warn(
          "OIDC sign-in refused: a concurrent sign-in linked member {}", signedIn.member().id());
      return failure(SignInError.ACCOUNT_CONFLICT);
    }
    log.info("member {} signed in with OIDC", signedIn.member().id());
    return redirect(pending.returnTo()).cookie(signedIn.cookie(), bindingCookie("", 0)).build();
  }

  /**
   * True for a path on this server: one leading {@code /}, no scheme, no host, no backslash, no
   * control characters or spaces. Anything else could send the browser elsewhere ({@code
   * //evil.example}, {@code /\evil.example}, {@code https://evil.example}).
   */
  static boolean isLocalPath(String path) {
    if (path.length() > MAX_RETURN_TO
        || !path.startsWith("/")
        || path.startsWith("//")
        || path.indexOf('\\') >= 0
        || path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      return false;
    }
    try {
      URI uri = new URI(path);
      return uri.getScheme() == null && uri.getRawAuthority() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String displayName(OidcIdentity identity) {
    String name =
        identity
            .name()
            .map(String::strip)
            .filter(value -> !value.isEmpty())
            .orElse(identity.email().substring(0, identity.email().indexOf('@')));
    return name.length() > MAX_DISPLAY_NAME ? name.substring(0, MAX_DISPLAY_NAME) : name;
  }

  private Response failure(SignInError error) {
    return redirect("/?signInError=" + error.code).cookie(bindingCookie("", 0)).build();
  }

  private Response.ResponseBuilder redirect(String localPath) {
    return Response.status(Response.Status.FOUND)
        .location(URI.create(publicBaseUrl + localPath))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        // The page we land on must not tell anyone where the browser came from.
        .header("Referrer-Policy", "no-referrer");
  }

  private NewCookie bindingCookie(String value, int maxAgeSeconds) {
    return new NewCookie.Builder(COOKIE)
        .value(value)
        .path(COOKIE_PATH)
        .httpOnly(true)
        .secure(auth.isSecureCookies())
        // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        .sameSite(NewCookie.SameSite.LAX)
        .maxAge(maxAgeSeconds)
        .build();
  }

  /** What the web UI is told in {@code ?signInError=}: a fixed code, never the details. */
  enum SignInError {
    INVALID_STATE("invalid_state"),
    EXPIRED("sign_in_expired"),
    PROVIDER_ERROR("provider_error"),
    PROVIDER_UNAVAILABLE("provider_unavailable"),
    INVALID_CALLBACK("invalid_callback"),
    TOKEN_EXCHANGE_FAILED("token_exchange_failed"),
    INVALID_ID_TOKEN("invalid_id_token"),
    EMAIL_NOT_VERIFIED("email_not_verified"),
    DOMAIN_NOT_ALLOWED("domain_not_allowed"),
    ACCOUNT_DEACTIVATED("account_deactivated"),
    ACCOUNT_CONFLICT("account_conflict");

    final String code;

    SignInError(String code) {
      this.code = code;
    }

    static SignInError of(OidcException.Reason reason) {
      return switch (reason) {
        case STATE_MISMATCH -> INVALID_STATE;
        case PROVIDER_ERROR -> PROVIDER_ERROR;
        case INVALID_CALLBACK -> INVALID_CALLBACK;
        case DISCOVERY_FAILED, KEYS_UNAVAILABLE -> PROVIDER_UNAVAILABLE;
        case TOKEN_EXCHANGE_FAILED -> TOKEN_EXCHANGE_FAILED;
        case INVALID_ID_TOKEN, NONCE_MISMATCH -> INVALID_ID_TOKEN;
        case MISSING_EMAIL, EMAIL_NOT_VERIFIED -> EMAIL_NOT_VERIFIED;
        case DOMAIN_NOT_ALLOWED -> DOMAIN_NOT_ALLOWED;
      };
    }
  }
}
