package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import io.helpdesk.app.TestServer.SignedIn;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.config.OidcSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets against the real application on H2 with OIDC (mock-oauth2-server): a run that signs in
 * through dev sign-in and OIDC, creates an API token and uses it, with the application log and the
 * request log captured; neither holds a token value, a session id, a CSRF token or the OIDC client
 * secret, and the database holds no token value. Security headers on the UI, its assets and the API
 * (answers and errors). Prints what it tried and what it found. OIDC nonce, state, issuer and
 * audience checks are in {@link OidcSignInContractTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsSecurityTest {
  private static final String ISSUER_ID = "secrets-idp";
  private static final String CLIENT_ID = "helpdesk-web";
  private static final String CLIENT_SECRET = "oidc-client-secret-7f3a9c";

  @TempDir static Path directory;
  private MockOAuth2Server provider;
  private TestServer server;
  private final ConcurrentLinkedQueue<String> appLog = new ConcurrentLinkedQueue<>();
  private AppenderBase<ILoggingEvent> capture;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void start() throws IOException {
    provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    HelpdeskConfiguration config = TestServer.config(TestDatabases.h2(directory).url());
    OidcSettings oidc = new OidcSettings();
    oidc.setIssuer(provider.issuerUrl(ISSUER_ID).toString());
    oidc.setClientId(CLIENT_ID);
    oidc.setClientSecret(CLIENT_SECRET);
    config.getAuth().setOidc(oidc);
    FileAppenderFactory<IAccessEvent> requestLogFile = new FileAppenderFactory<>();
    requestLogFile.setCurrentLogFilename(requestLog().toString());
    requestLogFile.setArchive(false);
    LogbackAccessRequestLogFactory requestLogFactory = new LogbackAccessRequestLogFactory();
    requestLogFactory.setAppenders(List.of(requestLogFile));
    ((DefaultServerFactory) config.getServerFactory()).setRequestLogFactory(requestLogFactory);
    server = TestServer.start(config, Clock.systemUTC());
    // after the start: Dropwizard configures logging while starting
    capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            appLog.add(
                event.getLoggerName()
                    + " "
                    + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                        ? ""
                        : ThrowableProxyUtil.asString(event.getThrowableProxy())));
          }
        };
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    capture.setContext(root.getLoggerContext());
    capture.start();
    root.addAppender(capture);
  }

  @AfterAll
  void stop() {
    if (capture != null) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
    }
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  private static Path requestLog() {
    return directory.resolve("secrets-requests.log");
  }

  private static String valueOf(String cookie) {
    return cookie.substring(cookie.indexOf('=') + 1);
  }

  /** An OIDC sign-in through the mock provider: the session cookie it ends with. */
  private String oidcSignIn(String email) throws Exception {
    Reply started = server.call("GET", "/api/v1/auth/oidc/start?returnTo=/").send();
    assertThat(started.status()).as(started.raw().body()).isEqualTo(302);
    String signInCookie =
        started.setCookies().stream()
            .filter(c -> c.startsWith("helpdesk_oidc="))
            .findFirst()
            .orElseThrow();
    signInCookie = signInCookie.substring(0, signInCookie.indexOf(';'));
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("email", email);
    claims.put("email_verified", true);
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID, "sub-" + email, "JWT", List.of(CLIENT_ID), claims, 3600));
    HttpResponse<Void> authorized =
        browser.send(
            HttpRequest.newBuilder(URI.create(started.header("Location").orElseThrow()))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String query =
        URI.create(authorized.headers().firstValue("Location").orElseThrow()).getRawQuery();
    Reply callback =
        server
            .call("GET", "/api/v1/auth/oidc/callback?" + query)
            .header("Cookie", signInCookie)
            .send();
    String session =
        callback.setCookies().stream()
            .filter(c -> c.startsWith(SessionService.COOKIE + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session: " + callback.header("Location")));
    return session.substring(0, session.indexOf(';'));
  }

  @Test
  @DisplayName("no token, session id, CSRF token or client secret in the logs, URLs or token table")
  void noSecretsInLogsOrUrlsOrDatabase() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    List<String> urls = new ArrayList<>();
    SignedIn dev = server.signIn("riley@example.com");
    secrets.put("dev session id", valueOf(dev.cookie()));
    secrets.put("dev CSRF token", dev.csrf());
    Reply created =
        server
            .call("POST", "/api/v1/me/tokens")
            .as(dev.identity())
            .json("{\"name\":\"laptop\"}")
            .send();
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asText();
    secrets.put("API token", token);
    Reply used = server.call("GET", "/api/v1/me").as(Identity.bearer(token)).send();
    assertThat(used.status()).isEqualTo(200);
    Reply filed =
        server
            .call("POST", "/api/v1/tickets")
            .as(Identity.bearer(token))
            .json("{\"title\":\"Laptop fan\",\"description\":\"Loud.\"}")
            .send();
    assertThat(filed.status()).isEqualTo(201);
    filed.header("Location").ifPresent(urls::add);
    // a wrong token and a bad request make the server log its refusals too
    assertThat(server.call("GET", "/api/v1/me").as(Identity.bearer(token + "x")).send().status())
        .isEqualTo(401);
    String oidcSession = oidcSignIn("oidc.user@example.com");
    secrets.put("OIDC session id", valueOf(oidcSession));
    Reply me = server.call("GET", "/api/v1/me").header("Cookie", oidcSession).send();
    assertThat(me.status()).isEqualTo(200);
    secrets.put("OIDC session CSRF token", me.json().get("csrfToken").asText());
    secrets.put("OIDC client secret", CLIENT_SECRET);
    Reply out =
        server
            .call("POST", "/api/v1/auth/sign-out")
            .as(Identity.session(oidcSession, me.json().get("csrfToken").asText()))
            .send();
    assertThat(out.status()).isEqualTo(204);

    String requests =
        TestServer.eventually(
            Duration.ofSeconds(10),
            () -> {
              try {
                String content = Files.exists(requestLog()) ? Files.readString(requestLog()) : "";
                return content.contains("/api/v1/auth/sign-out")
                    ? Optional.of(content)
                    : Optional.empty();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String application = String.join("\n", appLog);
    StringBuilder tokenTable = new StringBuilder();
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String table : List.of("api_tokens", "sessions", "oidc_sign_ins")) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int column = 1; column <= columns; column++) {
              tokenTable.append(rows.getObject(column)).append('\t');
            }
            tokenTable.append('\n');
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      String value = secret.getValue();
      assertThat(value).as(secret.getKey()).hasSizeGreaterThan(15);
      if (requests.contains(value)) {
        found.add(secret.getKey() + " in the request log");
      }
      if (application.contains(value)) {
        found.add(secret.getKey() + " in the application log");
      }
      if (urls.stream().anyMatch(url -> url.contains(value))) {
        found.add(secret.getKey() + " in a Location");
      }
      // a session's CSRF token is stored as is (GET /me hands it back); alone it opens nothing,
      // since every use needs the session cookie, whose id is stored only hashed
      if (!secret.getKey().contains("CSRF") && tokenTable.toString().contains(value)) {
        found.add(secret.getKey() + " in api_tokens/sessions/oidc_sign_ins");
      }
    }
    // the API token without its prefix, in case it were stored or logged in parts
    String tokenBody = token.substring(token.indexOf('_') + 1);
    if (tokenTable.toString().contains(tokenBody) || requests.contains(tokenBody)) {
      found.add("the API token's random part");
    }
    System.out.println(
        getClass().getSimpleName()
            + ": looked for "
            + secrets.keySet()
            + " in "
            + requests.lines().count()
            + " request log lines, "
            + appLog.size()
            + " application log events, "
            + tokenTable.toString().lines().count()
            + " rows of api_tokens/sessions/oidc_sign_ins\nlet in: "
            + (found.isEmpty() ? "nothing" : found));
    // the captures did see this run, so an empty finding is not an empty log
    assertThat(requests).contains("POST /api/v1/me/tokens", "/api/v1/auth/oidc/callback");
    assertThat(appLog).isNotEmpty();
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("CSP with frame-ancestors 'none', nosniff and a referrer policy on UI and API")
  void securityHeaders() {
    Identity riley = Identity.bearer(server.tokenFor("riley@example.com"));
    Map<String, Reply> replies = new LinkedHashMap<>();
    replies.put("GET / (UI page)", server.call("GET", "/").send());
    replies.put("GET /api/v1/me (JSON)", server.call("GET", "/api/v1/me").as(riley).send());
    replies.put("GET /api/v1/me anonymous (401)", server.call("GET", "/api/v1/me").send());
    replies.put(
        "GET unknown ticket (404)",
        server
            .call("GET", "/api/v1/tickets/00000000-0000-0000-0000-000000000000")
            .as(riley)
            .send());
    replies.put(
        "POST bad ticket (400)",
        server.call("POST", "/api/v1/tickets").as(riley).json("{}").send());
    replies.put("GET /api/v1/openapi.json", server.call("GET", "/api/v1/openapi.json").send());
    replies.put("GET /nowhere (404)", server.call("GET", "/nowhere").send());
    List<String> missing = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    for (Map.Entry<String, Reply> entry : replies.entrySet()) {
      Reply reply = entry.getValue();
      String csp = reply.header("Content-Security-Policy").orElse("");
      String nosniff = reply.header("X-Content-Type-Options").orElse("");
      String referrer = reply.header("Referrer-Policy").orElse("");
      table.append(
          String.format(
              "%-32s %d csp=%s nosniff=%s referrer=%s%n",
              entry.getKey(),
              reply.status(),
              csp.contains("frame-ancestors 'none'"),
              nosniff,
              referrer));
      if (!csp.contains("frame-ancestors 'none'") || !csp.contains("default-src 'self'")) {
        missing.add(entry.getKey() + ": CSP " + csp);
      }
      if (!nosniff.equals("nosniff")) {
        missing.add(entry.getKey() + ": X-Content-Type-Options " + nosniff);
      }
      if (!List.of("same-origin", "no-referrer", "strict-origin").contains(referrer)) {
        missing.add(entry.getKey() + ": Referrer-Policy " + referrer);
      }
    }
    try (SseStream stream = server.events(riley)) {
      assertThat(stream.status()).isEqualTo(200);
      String nosniff = stream.headers().firstValue("X-Content-Type-Options").orElse("");
      table.append("GET /api/v1/events (SSE)         200 nosniff=").append(nosniff).append('\n');
      if (!nosniff.equals("nosniff")) {
        missing.add("events: X-Content-Type-Options " + nosniff);
      }
    }
    System.out.println(
        getClass().getSimpleName()
            + ": security headers\n"
            + table
            + "missing: "
            + (missing.isEmpty() ? "nothing" : missing));
    assertThat(missing).isEmpty();
  }
}
