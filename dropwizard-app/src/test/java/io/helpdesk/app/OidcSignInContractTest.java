package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.common.spi.IAccessEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.auth.oidc.OidcConfig;
import io.helpdesk.app.config.OidcSettings;
import io.helpdesk.app.db.Secrets;
import io.helpdesk.app.health.OidcHealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC sign-in through the real application against mock-oauth2-server on a loopback port: the test
 * plays the browser, following the redirects by hand so it sees every cookie and URL. Runs on H2
 * and PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OidcSignInContractTest {
  private static final String ISSUER_ID = "helpdesk-idp";
  private static final String CLIENT_ID = "helpdesk-web";
  private static final String PUBLIC_URL = "http://localhost:8080";
  private static final String CALLBACK = PUBLIC_URL + OidcSettings.CALLBACK_PATH;

  @TempDir static Path directory;
  private final AheadClock clock = new AheadClock();
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private MockOAuth2Server provider;
  private TestDatabases.TestDatabase database;
  private TestServer server;

  abstract TestDatabases.TestDatabase database(Path directory);

  @BeforeAll
  void start() throws IOException, InterruptedException {
    provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    database = database(directory);
    HelpdeskConfiguration config = TestServer.config(database.url());
    config.setPublicBaseUrl(PUBLIC_URL);
    config.getAuth().setBootstrapAdminEmails(List.of("boss@example.com"));
    config.getAuth().setAllowedEmailDomains(List.of("example.com"));
    OidcSettings oidc = new OidcSettings();
    oidc.setIssuer(provider.issuerUrl(ISSUER_ID).toString());
    oidc.setProviderName("Example IdP");
    oidc.setClientId(CLIENT_ID);
    oidc.setClientSecret("client-secret-value");
    config.getAuth().setOidc(oidc);
    // The request log goes to a file the tests read (with the app's default format).
    FileAppenderFactory<IAccessEvent> requestLogFile = new FileAppenderFactory<>();
    requestLogFile.setCurrentLogFilename(requestLog().toString());
    requestLogFile.setArchive(false);
    LogbackAccessRequestLogFactory requestLogFactory = new LogbackAccessRequestLogFactory();
    requestLogFactory.setAppenders(List.of(requestLogFile));
    ((DefaultServerFactory) config.getServerFactory()).setRequestLogFactory(requestLogFactory);
    server = TestServer.start(config, clock);
    // A cold provider on a busy machine can take seconds for its first answer: warm it up so the
    // app's 5-second discovery timeout measures the app, not the JIT.
    browser.send(
        HttpRequest.newBuilder(provider.wellKnownUrl(ISSUER_ID).uri())
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    browser.send(
        HttpRequest.newBuilder(provider.jwksUrl(ISSUER_ID).uri())
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
    if (database != null) {
      database.close();
    }
  }

  /**
   * Real time (the provider stamps its tokens with it) plus an offset the tests move forward: a
   * frozen clock would see the provider's tokens as issued in the future.
   */
  private static final class AheadClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration duration) {
      ahead = ahead.plus(duration);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }

  private static Path requestLog() {
    return directory.resolve("requests.log");
  }

  // ---- the browser's steps ----

  /** What {@code /start} gave the browser: the provider URL and the sign-in cookie. */
  private record Started(URI authorizationUrl, String cookie, Reply reply) {}

  private Started begin(String returnTo) {
    Reply reply =
        server
            .call(
                "GET",
                "/api/v1/auth/oidc/start?returnTo="
                    + URLEncoder.encode(returnTo, StandardCharsets.UTF_8))
            .send();
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(302);
    String setCookie = cookieNamed(reply, "helpdesk_oidc").orElseThrow();
    return new Started(
        URI.create(reply.header("Location").orElseThrow()),
        setCookie.substring(0, setCookie.indexOf(';')),
        reply);
  }

  /** The provider signs this user in and sends the browser back: the callback's query string. */
  private String authorize(URI authorizationUrl, String email, Map<String, Object> extraClaims)
      throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("email", email);
    claims.put("email_verified", true);
    claims.put("name", "Person " + email.substring(0, email.indexOf('@')));
    claims.putAll(extraClaims);
    return authorize(authorizationUrl, claims, 3600);
  }

  private String authorize(URI authorizationUrl, Map<String, Object> claims, long expirySeconds)
      throws Exception {
    return authorize(
        authorizationUrl,
        "sub-" + claims.getOrDefault("email", "anonymous"),
        claims,
        expirySeconds);
  }

  private String authorize(
      URI authorizationUrl, String subject, Map<String, Object> claims, long expirySeconds)
      throws Exception {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, expirySeconds));
    HttpResponse<Void> response =
        browser.send(
            HttpRequest.newBuilder(authorizationUrl).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(CALLBACK + "?");
    return URI.create(location).getRawQuery();
  }

  private Reply callback(String query, String cookies) {
    TestServer.Call call = server.call("GET", "/api/v1/auth/oidc/callback?" + query);
    if (cookies != null) {
      call.header("Cookie", cookies);
    }
    return call.send();
  }

  /** The whole round trip for this email; returns the callback's answer. */
  private Reply signIn(String email, String returnTo) throws Exception {
    Started started = begin(returnTo);
    return callback(authorize(started.authorizationUrl(), email, Map.of()), started.cookie());
  }

  private static Optional<String> cookieNamed(Reply reply, String name) {
    return reply.setCookies().stream().filter(cookie -> cookie.startsWith(name + "=")).findFirst();
  }

  /** {@code helpdesk_session=...} from a successful callback. */
  private static String sessionCookie(Reply reply) {
    String setCookie = cookieNamed(reply, SessionService.COOKIE).orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private Reply me(String sessionCookie) {
    return server.call("GET", "/api/v1/me").as(Identity.session(sessionCookie, null)).send();
  }

  private static void assertSignInError(Reply reply, String code) {
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(PUBLIC_URL + "/?signInError=" + code);
    assertThat(cookieNamed(reply, SessionService.COOKIE)).isEmpty();
  }

  private static String replaceParameter(String query, String name, String value) {
    return query.replaceAll("(^|&)" + name + "=[^&]*", "$1" + name + "=" + value);
  }

  private static String parameter(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + query);
  }

  // ---- the tests ----

  @Test
  @DisplayName("GET /auth/config names the OIDC provider and the dev sign-in, without signing in")
  void signInMethods() {
    Reply reply = server.call("GET", "/api/v1/auth/config").send();
    assertThat(reply.status()).isEqualTo(200);
    JsonNode methods = reply.json();
    assertThat(methods.at("/oidc/providerName").asText()).isEqualTo("Example IdP");
    assertThat(methods.at("/oidc/startUrl").asText()).isEqualTo("/api/v1/auth/oidc/start");
    assertThat(methods.at("/devSignIn/signInUrl").asText()).isEqualTo("/api/v1/dev/sign-in");
  }

  @Test
  @DisplayName(
      "start: a 302 to the provider with state, nonce and S256 PKCE; a short-lived HttpOnly"
          + " cookie; only hashes and the nonce/verifier server-side")
  void startRedirectsToProvider() throws SQLException {
    Started started = begin("/tickets");
    String query = started.authorizationUrl().getRawQuery();
    assertThat(started.authorizationUrl().toString())
        .startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString());
    assertThat(parameter(query, "client_id")).isEqualTo(CLIENT_ID);
    assertThat(parameter(query, "redirect_uri")).isEqualTo(CALLBACK);
    assertThat(parameter(query, "code_challenge_method")).isEqualTo("S256");
    assertThat(parameter(query, "nonce")).isNotBlank();
    String state = parameter(query, "state");
    String setCookie = cookieNamed(started.reply(), "helpdesk_oidc").orElseThrow();
    assertThat(setCookie)
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Path=/api/v1/auth/oidc")
        .contains("Max-Age=600");
    String cookieValue = started.cookie().substring(started.cookie().indexOf('=') + 1);
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT state_hash, binding_hash, return_to FROM oidc_sign_ins")) {
      boolean found = false;
      while (rows.next()) {
        assertThat(rows.getString(1)).isNotEqualTo(state);
        assertThat(rows.getString(2)).isNotEqualTo(cookieValue);
        found |= rows.getString(1).equals(Secrets.hash(state));
      }
      assertThat(found).as("pending sign-in stored under the state's hash").isTrue();
    }
  }

  @Test
  @DisplayName(
      "happy path: a first sign-in creates a requester, starts a session usable on /me, and"
          + " returns to the local path")
  void firstSignInCreatesRequester() throws Exception {
    Reply reply = signIn("newcomer@example.com", "/tickets/new?draft=1");

    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).contains(PUBLIC_URL + "/tickets/new?draft=1");
    assertThat(reply.header("Cache-Control")).contains("no-store");
    assertThat(cookieNamed(reply, "helpdesk_oidc").orElseThrow()).contains("Max-Age=0");
    String session = cookieNamed(reply, SessionService.COOKIE).orElseThrow();
    assertThat(session).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

    Reply me = me(sessionCookie(reply));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().at("/member/email").asText()).isEqualTo("newcomer@example.com");
    assertThat(me.json().at("/member/displayName").asText()).isEqualTo("Person newcomer");
    assertThat(me.json().at("/member/role").asText()).isEqualTo("USER");
    assertThat(me.json().get("authenticatedBy").asText()).isEqualTo("session");

    // The session works for changes too, with its CSRF token.
    String csrf = me.json().get("csrfToken").asText();
    Reply ticket =
        server
            .call("POST", "/api/v1/tickets")
            .as(Identity.session(sessionCookie(reply), csrf))
            .json("{\"title\":\"First ticket\",\"description\":\"Filed after OIDC sign-in.\"}")
            .send();
    assertThat(ticket.status()).isEqualTo(201);

    // A second sign-in finds the same member rather than creating another.
    Reply again = signIn("newcomer@example.com", "/");
    assertThat(me(sessionCookie(again)).json().at("/member/id"))
        .isEqualTo(me.json().at("/member/id"));
  }

  @Test
  @DisplayName("a bootstrap admin email signs in as an admin")
  void bootstrapAdmin() throws Exception {
    Reply reply = signIn("boss@example.com", "/");
    Reply me = me(sessionCookie(reply));
    assertThat(me.json().at("/member/role").asText()).isEqualTo("ADMIN");
    assertThat(
            server
                .call("GET", "/api/v1/members")
                .as(Identity.session(sessionCookie(reply), null))
                .send()
                .status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("the session id is new: a cookie the browser had before sign-in is not reused")
  void newSessionId() throws Exception {
    TestServer.SignedIn before = server.signIn("riley@example.com");
    Started started = begin("/");
    String query = authorize(started.authorizationUrl(), "riley@example.com", Map.of());

    Reply reply = callback(query, started.cookie() + "; " + before.cookie());

    String after = sessionCookie(reply);
    assertThat(after).isNotEqualTo(before.cookie());
    assertThat(me(after).status()).isEqualTo(200);
    assertThat(me(before.cookie()).status()).as("the old session is ended").isEqualTo(401);

    // A made-up session cookie (fixation attempt) is not adopted either.
    Started fixed = begin("/");
    String planted = SessionService.COOKIE + "=planted-by-attacker";
    Reply fixedReply =
        callback(
            authorize(fixed.authorizationUrl(), "riley@example.com", Map.of()),
            fixed.cookie() + "; " + planted);
    assertThat(sessionCookie(fixedReply)).isNotEqualTo(planted);
    assertThat(me(planted).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("an ID token with another nonce is refused (invalid_id_token)")
  void wrongNonce() throws Exception {
    Started started = begin("/");
    URI tampered =
        URI.create(
            replaceParameter(
                started.authorizationUrl().toString(), "nonce", "nonce-of-another-attempt"));
    Reply reply = callback(authorize(tampered, "riley@example.com", Map.of()), started.cookie());
    assertSignInError(reply, "invalid_id_token");
  }

  @Test
  @DisplayName("an ID token for another client (aud) is refused")
  void wrongAudience() throws Exception {
    Started started = begin("/");
    Reply reply =
        callback(
            authorize(
                started.authorizationUrl(), "riley@example.com", Map.of("aud", "another-client")),
            started.cookie());
    assertSignInError(reply, "invalid_id_token");
  }

  @Test
  @DisplayName("an ID token from another issuer (iss) is refused")
  void wrongIssuer() throws Exception {
    Started started = begin("/");
    Reply reply =
        callback(
            authorize(
                started.authorizationUrl(),
                "riley@example.com",
                Map.of("iss", "https://attacker.example.com/" + ISSUER_ID)),
            started.cookie());
    assertSignInError(reply, "invalid_id_token");
  }

  @Test
  @DisplayName("an expired ID token is refused (1 s lifetime, the app's clock 2 minutes later)")
  void expiredToken() throws Exception {
    Started started = begin("/");
    Map<String, Object> claims =
        Map.of("email", "riley@example.com", "email_verified", true, "name", "Riley");
    String query = authorize(started.authorizationUrl(), claims, 1);
    clock.advance(Duration.ofMinutes(2));
    Reply reply = callback(query, started.cookie());
    assertSignInError(reply, "invalid_id_token");
  }

  @Test
  @DisplayName("an unverified email is refused")
  void unverifiedEmail() throws Exception {
    Started started = begin("/");
    Reply reply =
        callback(
            authorize(
                started.authorizationUrl(), "riley@example.com", Map.of("email_verified", false)),
            started.cookie());
    assertSignInError(reply, "email_not_verified");
  }

  @Test
  @DisplayName("a replayed callback (same state, code and cookie) is refused; the session stands")
  void replayedState() throws Exception {
    Started started = begin("/");
    String query = authorize(started.authorizationUrl(), "sam@example.com", Map.of());
    Reply first = callback(query, started.cookie());
    assertThat(me(sessionCookie(first)).status()).isEqualTo(200);

    Reply replay = callback(query, started.cookie());
    assertSignInError(replay, "invalid_state");
  }

  @Test
  @DisplayName(
      "a callback without the sign-in cookie, with another browser's cookie, or with a forged"
          + " state is refused, and does not burn the real sign-in")
  void stateCookieMissingOrMismatched() throws Exception {
    Started victim = begin("/");
    Started attacker = begin("/");
    String query = authorize(victim.authorizationUrl(), "sam@example.com", Map.of());

    assertSignInError(callback(query, null), "invalid_state");
    assertSignInError(callback(query, attacker.cookie()), "invalid_state");
    assertSignInError(
        callback(replaceParameter(query, "state", "forged-state"), victim.cookie()),
        "invalid_state");
    assertSignInError(
        callback(replaceParameter(query, "state", ""), victim.cookie()), "invalid_state");

    Reply real = callback(query, victim.cookie());
    assertThat(me(sessionCookie(real)).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a sign-in finished after its timeout (10 minutes) is refused")
  void expiredSignIn() throws Exception {
    Started started = begin("/");
    // No token callback is queued: the code must not reach the provider's token endpoint.
    HttpResponse<Void> atProvider =
        browser.send(
            HttpRequest.newBuilder(started.authorizationUrl()).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    String query =
        URI.create(atProvider.headers().firstValue("Location").orElseThrow()).getRawQuery();
    clock.advance(Duration.ofMinutes(11));
    assertSignInError(callback(query, started.cookie()), "sign_in_expired");
  }

  @Test
  @DisplayName("an email outside auth.allowedEmailDomains is refused and no member is created")
  void disallowedDomain() throws Exception {
    Reply reply = signIn("mallory@elsewhere.org", "/");
    assertSignInError(reply, "domain_not_allowed");
    String admin = server.tokenFor("admin@example.com");
    Reply members = server.call("GET", "/api/v1/members").as(Identity.bearer(admin)).send();
    assertThat(members.raw().body()).doesNotContain("mallory@elsewhere.org");
  }

  @Test
  @DisplayName("a deactivated member cannot sign in, and their existing session is out too")
  void deactivatedMember() throws Exception {
    Reply first = signIn("leaver@example.com", "/");
    String session = sessionCookie(first);
    String memberId = me(session).json().at("/member/id").asText();
    String admin = server.tokenFor("admin@example.com");
    Reply deactivated =
        server
            .call("PATCH", "/api/v1/members/" + memberId)
            .as(Identity.bearer(admin))
            .json("{\"active\":false}")
            .send();
    assertThat(deactivated.status()).isEqualTo(200);

    assertThat(me(session).status()).isEqualTo(401);
    assertSignInError(signIn("leaver@example.com", "/"), "account_deactivated");
  }

  private Reply signInAs(String subject, String email) throws Exception {
    Started started = begin("/");
    Map<String, Object> claims = Map.of("email", email, "email_verified", true);
    return callback(authorize(started.authorizationUrl(), subject, claims, 3600), started.cookie());
  }

  @Test
  @DisplayName(
      "the provider account (iss, sub) is linked at first sign-in: the same email from another"
          + " account, or the account with another email, is refused")
  void accountLinkedBySubject() throws Exception {
    Reply first = signInAs("account-a", "twin@example.com");
    String memberId = me(sessionCookie(first)).json().at("/member/id").asText();

    assertSignInError(signInAs("account-b", "twin@example.com"), "account_conflict");
    assertSignInError(signInAs("account-a", "twin.renamed@example.com"), "account_conflict");

    Reply again = signInAs("account-a", "twin@example.com");
    assertThat(me(sessionCookie(again)).json().at("/member/id").asText()).isEqualTo(memberId);
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT subject FROM oidc_identities WHERE member_id = '" + memberId + "'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("account-a");
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  @DisplayName("the user saying no at the provider comes back as provider_error")
  void providerError() {
    Started started = begin("/");
    String state = parameter(started.authorizationUrl().getRawQuery(), "state");
    Reply reply =
        callback(
            "error=access_denied&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8),
            started.cookie());
    assertSignInError(reply, "provider_error");
  }

  @Test
  @DisplayName("returnTo must be a local path: other hosts and schemes are refused with 400")
  void openRedirect() {
    for (String returnTo :
        List.of(
            "https://evil.example/",
            "//evil.example/path",
            "/\\evil.example",
            "\\\\evil.example",
            "@evil.example",
            "evil.example",
            "javascript:alert(1)",
            "/ok\r\nLocation: https://evil.example",
            "/" + "a".repeat(2001))) {
      Reply reply =
          server
              .call(
                  "GET",
                  "/api/v1/auth/oidc/start?returnTo="
                      + URLEncoder.encode(returnTo, StandardCharsets.UTF_8))
              .send();
      assertThat(reply.status()).as(returnTo).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().get("field").asText()).isEqualTo("returnTo");
      assertThat(reply.header("Location")).isEmpty();
      assertThat(cookieNamed(reply, "helpdesk_oidc")).isEmpty();
    }
    assertThat(begin("/tickets?status=OPEN#top").reply().status()).isEqualTo(302);
  }

  @Test
  @DisplayName(
      "no token, code or secret travels in the URLs the browser is sent to or reaches the request"
          + " log")
  void nothingSecretInUrls() throws Exception {
    Started started = begin("/");
    assertThat(started.authorizationUrl().toString())
        .doesNotContain("client-secret-value")
        .doesNotContain("code_verifier");
    String query = authorize(started.authorizationUrl(), "sam@example.com", Map.of());
    Reply reply = callback(query, started.cookie());
    String location = reply.header("Location").orElseThrow();
    assertThat(location).isEqualTo(PUBLIC_URL + "/");
    assertThat(reply.header("Referrer-Policy")).contains("no-referrer");
    Reply failed = callback(query, started.cookie());
    assertThat(failed.header("Location").orElseThrow())
        .doesNotContain(parameter(query, "code"))
        .doesNotContain(parameter(query, "state"));

    String log =
        TestServer.eventually(
            Duration.ofSeconds(10),
            () -> {
              try {
                String content = Files.exists(requestLog()) ? Files.readString(requestLog()) : "";
                return content.contains("/api/v1/auth/oidc/callback")
                    ? Optional.of(content)
                    : Optional.empty();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    assertThat(log)
        .contains("\"GET /api/v1/auth/oidc/callback HTTP/1.1\" 302")
        .doesNotContain(parameter(query, "code"))
        .doesNotContain(parameter(query, "state"))
        .doesNotContain("client-secret-value");
  }

  @Test
  @DisplayName("health check oidc: healthy when discovery answers, unhealthy when it does not")
  void healthCheck() throws Exception {
    HttpResponse<String> health =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:" + server.support.getAdminPort() + "/healthcheck"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode checks = TestServer.JSON.readTree(health.body());
    assertThat(checks.at("/oidc/healthy").asBoolean()).as(health.body()).isTrue();

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    OidcConfig unreachable =
        OidcConfig.builder()
            .issuer("http://127.0.0.1:" + closedPort + "/nowhere")
            .clientId(CLIENT_ID)
            .clientSecret("secret")
            .redirectUri(CALLBACK)
            .allowedEmailDomains(Set.of())
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    assertThat(new OidcHealthCheck(unreachable).execute().isHealthy()).isFalse();
  }
}
