package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import io.helpdesk.app.TestServer.SignedIn;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.config.AuthConfig;
import io.helpdesk.app.db.IdempotencyStore;
import io.helpdesk.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, CSRF, API tokens and idempotent creation against the real application on H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsAndTokensTest {
  @TempDir static Path directory;
  private final MutableClock clock = new MutableClock(Instant.now());
  private TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(TestServer.config(TestDatabases.h2(directory).url()), clock);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply me(Identity identity) {
    return server.call("GET", "/api/v1/me").as(identity).send();
  }

  private Reply createTicket(Identity identity, String title) {
    return server
        .call("POST", "/api/v1/tickets")
        .as(identity)
        .json("{\"title\":\"" + title + "\",\"description\":\"Details.\"}")
        .send();
  }

  @Test
  @DisplayName("the session cookie is HttpOnly, SameSite=Lax, path /, and Secure when configured")
  void cookieFlags() {
    Reply reply =
        server.call("POST", "/api/v1/dev/sign-in").json("{\"email\":\"sam@example.com\"}").send();
    String cookie = reply.setCookies().get(0);
    assertThat(cookie).startsWith(SessionService.COOKIE + "=").contains("HttpOnly");
    assertThat(cookie).containsIgnoringCase("SameSite=Lax").contains("Path=/");
    assertThat(cookie).doesNotContain("Secure");

    AuthConfig secure = new AuthConfig();
    secure.setSecureCookies(true);
    assertThat(new SessionService(null, null, secure, clock).signOut(Optional.empty()).isSecure())
        .isTrue();
  }

  @Test
  @DisplayName("sign-in issues a new session id and ends the one the browser had")
  void newSessionIdAtSignIn() {
    SignedIn first = server.signIn("sam@example.com");
    Reply again =
        server
            .call("POST", "/api/v1/dev/sign-in")
            .header("Cookie", first.cookie())
            .json("{\"email\":\"sam@example.com\"}")
            .send();
    String second = again.setCookies().get(0);
    assertThat(second.substring(0, second.indexOf(';'))).isNotEqualTo(first.cookie());
    assertThat(me(first.identity()).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("sign-out ends the session")
  void signOut() {
    SignedIn session = server.signIn("sam@example.com");
    assertThat(me(session.identity()).status()).isEqualTo(200);
    Reply out = server.call("POST", "/api/v1/auth/sign-out").as(session.identity()).send();
    assertThat(out.status()).isEqualTo(204);
    assertThat(out.setCookies().get(0)).contains("Max-Age=0");
    assertThat(me(session.identity()).status()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "a session idle for longer than the idle timeout, or older than the absolute one, ends")
  void timeouts() {
    SignedIn idle = server.signIn("sam@example.com");
    clock.advance(Duration.ofMinutes(119));
    assertThat(me(idle.identity()).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(121));
    assertThat(me(idle.identity()).status()).isEqualTo(401);

    SignedIn busy = server.signIn("sam@example.com");
    for (int hour = 1; hour < 12; hour++) {
      clock.advance(Duration.ofHours(1));
      assertThat(me(busy.identity()).status()).as("hour " + hour).isEqualTo(200);
    }
    clock.advance(Duration.ofHours(1));
    assertThat(me(busy.identity()).status()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "a deactivated member is out on the next request; a demoted one loses rights at once")
  void deactivationAndDemotion() {
    SignedIn admin = server.signIn("admin@example.com");
    SignedIn jordan = server.signIn("jordan@example.com");
    String jordanToken = server.tokenFor("jordan@example.com");
    assertThat(me(jordan.identity()).status()).isEqualTo(200);

    Reply deactivated =
        server
            .call("PATCH", "/api/v1/members/" + jordan.memberId())
            .as(admin.identity())
            .json("{\"active\":false}")
            .send();
    assertThat(deactivated.status()).isEqualTo(200);
    assertThat(me(jordan.identity()).status()).isEqualTo(401);
    assertThat(me(Identity.bearer(jordanToken)).status()).isEqualTo(401);

    SignedIn tomas = server.signIn("tomas.ortega@example.com");
    assertThat(server.call("GET", "/api/v1/members").as(tomas.identity()).send().status())
        .isEqualTo(403);
    server
        .call("PATCH", "/api/v1/members/" + tomas.memberId())
        .as(admin.identity())
        .json("{\"role\":\"ADMIN\"}")
        .send();
    assertThat(server.call("GET", "/api/v1/members").as(tomas.identity()).send().status())
        .isEqualTo(200);
    server
        .call("PATCH", "/api/v1/members/" + tomas.memberId())
        .as(admin.identity())
        .json("{\"role\":\"MODERATOR\"}")
        .send();
    assertThat(server.call("GET", "/api/v1/members").as(tomas.identity()).send().status())
        .isEqualTo(403);
  }

  @Test
  @DisplayName(
      "CSRF: a cookie request that changes state needs the session's token; bearer needs none")
  void csrf() {
    SignedIn session = server.signIn("riley@example.com");
    assertThat(createTicket(Identity.session(session.cookie(), null), "no csrf").status())
        .isEqualTo(403);
    assertThat(createTicket(Identity.session(session.cookie(), "wrong"), "wrong csrf").status())
        .isEqualTo(403);
    assertThat(me(session.identity()).json().get("csrfToken").asText()).isEqualTo(session.csrf());
    assertThat(createTicket(session.identity(), "right csrf").status()).isEqualTo(201);

    String token = server.tokenFor("riley@example.com");
    assertThat(createTicket(Identity.bearer(token), "bearer, no csrf").status()).isEqualTo(201);
    assertThat(me(Identity.bearer(token)).json().get("csrfToken").isNull()).isTrue();
  }

  @Test
  @DisplayName("a token's lastUsedAt is written at its first use, then at most every 30 seconds")
  void tokenLastUsedGranularity() {
    SignedIn session = server.signIn("riley@example.com");
    Reply created =
        server
            .call("POST", "/api/v1/me/tokens")
            .as(session.identity())
            .json("{\"name\":\"touch-check\"}")
            .send();
    String token = created.json().get("token").asText();
    String tokenId = created.json().get("id").asText();

    assertThat(me(Identity.bearer(token)).status()).isEqualTo(200);
    Instant first = lastUsedAt(session, tokenId);
    clock.advance(Duration.ofSeconds(10));
    assertThat(me(Identity.bearer(token)).status()).isEqualTo(200);
    assertThat(lastUsedAt(session, tokenId)).as("10 s later: not rewritten").isEqualTo(first);
    clock.advance(Duration.ofSeconds(25));
    assertThat(me(Identity.bearer(token)).status()).isEqualTo(200);
    assertThat(lastUsedAt(session, tokenId))
        .as("35 s after the first use: rewritten")
        .isAfterOrEqualTo(first.plusSeconds(35));
  }

  private Instant lastUsedAt(SignedIn session, String tokenId) {
    Reply listed = server.call("GET", "/api/v1/me/tokens").as(session.identity()).send();
    for (com.fasterxml.jackson.databind.JsonNode each : listed.json()) {
      if (each.get("id").asText().equals(tokenId)) {
        return Instant.parse(each.get("lastUsedAt").asText());
      }
    }
    throw new AssertionError("token " + tokenId + " not listed: " + listed.raw().body());
  }

  @Test
  @DisplayName("API tokens are stored hashed, can be revoked, and are never taken from the URL")
  void apiTokens() throws SQLException {
    SignedIn session = server.signIn("riley@example.com");
    Reply created =
        server
            .call("POST", "/api/v1/me/tokens")
            .as(session.identity())
            .json("{\"name\":\"laptop\"}")
            .send();
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asText();
    String tokenId = created.json().get("id").asText();

    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM api_tokens")) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int column = 1; column <= columns; column++) {
          assertThat(String.valueOf(rows.getObject(column))).doesNotContain(token.substring(4));
        }
      }
    }
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id_hash FROM sessions")) {
      String cookieValue = session.cookie().substring(session.cookie().indexOf('=') + 1);
      while (rows.next()) {
        assertThat(rows.getString(1)).isNotEqualTo(cookieValue);
      }
    }

    assertThat(me(Identity.bearer(token)).status()).isEqualTo(200);
    Reply inUrl = server.call("GET", "/api/v1/me?access_token=" + token).send();
    assertThat(inUrl.status()).isEqualTo(400);
    assertThat(inUrl.json().get("field").asText()).isEqualTo("access_token");

    Reply listed = server.call("GET", "/api/v1/me/tokens").as(Identity.bearer(token)).send();
    assertThat(listed.raw().body()).contains("laptop").doesNotContain(token);

    Reply revoked =
        server.call("DELETE", "/api/v1/me/tokens/" + tokenId).as(Identity.bearer(token)).send();
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(me(Identity.bearer(token)).status()).isEqualTo(401);
    assertThat(me(Identity.bearer("hdk_made-up")).status()).isEqualTo(401);
    assertThat(
            server
                .call("GET", "/api/v1/me")
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .send()
                .status())
        .isEqualTo(401);
  }

  @Test
  @DisplayName(
      "Idempotency-Key: a retry returns the first result; another body with the key is 422")
  void idempotentCreation() throws SQLException {
    Identity riley = Identity.bearer(server.tokenFor("riley@example.com"));
    String body = "{\"title\":\"Idempotent ticket\",\"description\":\"Filed once.\"}";
    Reply first =
        server
            .call("POST", "/api/v1/tickets")
            .as(riley)
            .header("Idempotency-Key", "abc-1")
            .json(body)
            .send();
    Reply retry =
        server
            .call("POST", "/api/v1/tickets")
            .as(riley)
            .header("Idempotency-Key", "abc-1")
            .json(body)
            .send();
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(retry.header("Idempotent-Replayed")).contains("true");

    Reply reused =
        server
            .call("POST", "/api/v1/tickets")
            .as(riley)
            .header("Idempotency-Key", "abc-1")
            .json("{\"title\":\"Another\",\"description\":\"Different.\"}")
            .send();
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.contentType()).startsWith("application/problem+json");

    Identity sam = Identity.bearer(server.tokenFor("sam@example.com"));
    Reply otherMember =
        server
            .call("POST", "/api/v1/tickets")
            .as(sam)
            .header("Idempotency-Key", "abc-1")
            .json(body)
            .send();
    assertThat(otherMember.status()).isEqualTo(201);
    assertThat(otherMember.json().get("id")).isNotEqualTo(first.json().get("id"));

    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery(
                "SELECT COUNT(*) FROM tickets WHERE title IN ('Idempotent ticket', 'Another')")) {
      count.next();
      assertThat(count.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "Idempotency-Key of a request that died before answering: 409 for 30 s, then the retry"
          + " answers with the ticket it wrote (never an identical one filed otherwise)")
  void idempotencyKeyOfADeadRequest() throws SQLException {
    Identity riley = Identity.bearer(server.tokenFor("riley@example.com"));
    String wrote = "{\"title\":\"Died after writing\",\"description\":\"Crash.\"}";
    Reply first = fileWithKey(riley, "died-1", wrote);
    assertThat(first.status()).isEqualTo(201);
    forgetResponse("died-1");

    assertThat(fileWithKey(riley, "died-1", wrote).status()).isEqualTo(409);
    clock.advance(IdempotencyStore.STALE_CLAIM.plusSeconds(1));
    Reply retry = fileWithKey(riley, "died-1", wrote);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(fileWithKey(riley, "died-1", wrote).json().get("id"))
        .isEqualTo(first.json().get("id"));
    assertThat(ticketsTitled("Died after writing")).isEqualTo(1);

    // An identical ticket filed without the key is not taken for the keyed request, before or
    // after a takeover: the keyed request's ticket id follows from the member and the key.
    String twice = "{\"title\":\"Filed twice\",\"description\":\"Crash.\"}";
    Reply unkeyed = server.call("POST", "/api/v1/tickets").as(riley).json(twice).send();
    Reply keyed = fileWithKey(riley, "died-2", twice);
    assertThat(keyed.status()).isEqualTo(201);
    assertThat(keyed.json().get("id")).isNotEqualTo(unkeyed.json().get("id"));
    forgetResponse("died-2");
    clock.advance(IdempotencyStore.STALE_CLAIM.plusSeconds(1));
    Reply takenOver = fileWithKey(riley, "died-2", twice);
    assertThat(takenOver.status()).isEqualTo(201);
    assertThat(takenOver.json().get("id")).isEqualTo(keyed.json().get("id"));
    assertThat(ticketsTitled("Filed twice")).isEqualTo(2);
  }

  private Reply fileWithKey(Identity identity, String key, String body) {
    return server
        .call("POST", "/api/v1/tickets")
        .as(identity)
        .header("Idempotency-Key", key)
        .json(body)
        .send();
  }

  /** What a server that died between writing the ticket and recording its answer leaves. */
  private void forgetResponse(String key) throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE idempotency_keys SET status_code = NULL, response_body = NULL"
              + " WHERE idem_key = '"
              + key
              + "'");
    }
  }

  private int ticketsTitled(String title) throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery("SELECT COUNT(*) FROM tickets WHERE title = '" + title + "'")) {
      count.next();
      return count.getInt(1);
    }
  }
}
