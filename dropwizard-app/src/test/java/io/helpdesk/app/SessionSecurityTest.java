package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import io.helpdesk.app.TestServer.SignedIn;
import io.helpdesk.app.auth.SessionService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session attacks against the real application on H2, with the operations taken from the served
 * OpenAPI document (which {@link OpenApiDocumentTest} proves equal to {@code openapi.yaml} and to
 * the registered resources), so a new endpoint is covered without touching this test: every
 * POST/PATCH/PUT/DELETE with a session but without or with a wrong {@code X-CSRF-Token} is refused
 * with 403 and changes nothing; every GET leaves the database unchanged; a planted session cookie
 * is not adopted at sign-in. Prints what it tried and what it found. Cookie flags, timeouts,
 * sign-out, deactivation and tokens in the URL are in {@link SessionsAndTokensTest} and {@link
 * EventStreamTest} (see docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSecurityTest {
  @TempDir static Path directory;
  private TestServer server;
  private SignedIn admin;
  private String ticketId;
  private String samId;
  private JsonNode document;

  @BeforeAll
  void start() {
    server =
        TestServer.start(TestServer.config(TestDatabases.h2(directory).url()), Clock.systemUTC());
    admin = server.signIn("admin@example.com");
    samId = server.signIn("sam@example.com").memberId();
    ticketId =
        server
            .call("POST", "/api/v1/tickets")
            .as(admin.identity())
            .json("{\"title\":\"Printer jams\",\"description\":\"Every second page.\"}")
            .send()
            .json()
            .get("id")
            .asText();
    document = server.call("GET", "/api/v1/openapi.json").send().json();
    assertThat(document.path("paths").size()).as("operations in the document").isGreaterThan(20);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Row counts of the tables a request could write, and the sum of ticket and member versions. */
  private Map<String, Long> snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String query :
          List.of(
              "SELECT COUNT(*) FROM tickets",
              "SELECT COUNT(*) FROM comments",
              "SELECT COUNT(*) FROM ticket_event",
              "SELECT COUNT(*) FROM jobs",
              "SELECT COUNT(*) FROM members",
              "SELECT COUNT(*) FROM api_tokens",
              "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL",
              "SELECT COUNT(*) FROM sessions",
              "SELECT COUNT(*) FROM idempotency_keys",
              "SELECT COALESCE(SUM(version), 0) FROM tickets")) {
        try (ResultSet count = statement.executeQuery(query)) {
          count.next();
          counts.put(query.substring("SELECT ".length()), count.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return counts;
  }

  private Map<String, Long> settled() {
    return TestServer.eventually(
        Duration.ofSeconds(30),
        () -> {
          Map<String, Long> first = snapshot();
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return first.equals(snapshot()) ? Optional.of(first) : Optional.empty();
        });
  }

  private record Operation(String method, String template, boolean isPublic) {}

  private List<Operation> operations(List<String> methods) {
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        if (methods.contains(method)) {
          JsonNode security = op.getValue().path("security");
          operations.add(
              new Operation(method, path.getKey(), security.isArray() && security.isEmpty()));
        }
      }
    }
    return operations;
  }

  private String path(String template, String tokenId) {
    return template
        .replace("{ticketId}", ticketId)
        .replace("{memberId}", samId)
        .replace("{tokenId}", tokenId)
        .replace("{jobId}", "999999");
  }

  /** A body the endpoint would accept, so that a 403 can only come from the missing token. */
  private String body(String template) {
    if (template.endsWith("/status")) {
      return "{\"status\":\"IN_PROGRESS\",\"version\":"
          + server
              .call("GET", "/api/v1/tickets/" + ticketId)
              .as(admin.identity())
              .send()
              .json()
              .at("/ticket/version")
              .asLong()
          + "}";
    }
    if (template.endsWith("/assign")) {
      return "{\"assigneeId\":\"" + server.signIn("priya.raman@example.com").memberId() + "\"}";
    }
    if (template.endsWith("/comments") || template.endsWith("/notes")) {
      return "{\"body\":\"hello\"}";
    }
    if (template.equals("/api/v1/tickets") || template.endsWith("assignment-preview")) {
      return "{\"title\":\"VPN drops\",\"description\":\"Hourly.\"}";
    }
    if (template.equals("/api/v1/me/tokens")) {
      return "{\"name\":\"csrf probe\"}";
    }
    if (template.startsWith("/api/v1/members/")) {
      return "{\"displayName\":\"Sam R.\"}";
    }
    return "{}";
  }

  private Reply send(String method, String path, Identity identity, String body) {
    TestServer.Call call = server.call(method, path).as(identity);
    if (!method.equals("DELETE")) {
      call.json(body);
    }
    return call.send();
  }

  @Test
  @DisplayName(
      "every state-changing operation of the OpenAPI document needs the session's CSRF token")
  void csrfOnEveryStateChange() {
    List<Operation> operations = operations(List.of("POST", "PATCH", "PUT", "DELETE"));
    // sign-out last: its control request ends the session
    operations.sort(
        (a, b) ->
            Boolean.compare(a.template().endsWith("sign-out"), b.template().endsWith("sign-out")));
    List<String> letIn = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    int attempts = 0;
    for (Operation operation : operations) {
      String label = operation.method() + " " + operation.template();
      if (operation.isPublic()) {
        table.append(String.format("%-50s public (security: []), before any session%n", label));
        continue;
      }
      String tokenId =
          server
              .call("POST", "/api/v1/me/tokens")
              .as(admin.identity())
              .json("{\"name\":\"to delete\"}")
              .send()
              .json()
              .get("id")
              .asText();
      String path = path(operation.template(), tokenId);
      String body = body(operation.template());
      String otherCsrf = server.signIn("riley@example.com").csrf();
      Map<String, Long> before = settled();
      Reply without = send(operation.method(), path, Identity.session(admin.cookie(), null), body);
      Reply wrong =
          send(operation.method(), path, Identity.session(admin.cookie(), "wrong-token"), body);
      Reply other =
          send(operation.method(), path, Identity.session(admin.cookie(), otherCsrf), body);
      attempts += 3;
      Map<String, Long> after = snapshot();
      // control: the same request with the right token is not refused for CSRF
      Reply right = send(operation.method(), path, admin.identity(), body);
      table.append(
          String.format(
              "%-50s no token -> %d, wrong -> %d, another session's -> %d, right -> %d%n",
              label, without.status(), wrong.status(), other.status(), right.status()));
      for (Reply reply : List.of(without, wrong, other)) {
        if (reply.status() != 403 || !reply.contentType().startsWith("application/problem+json")) {
          letIn.add(label + ": " + reply.status() + " " + reply.raw().body());
        }
      }
      if (!after.equals(before)) {
        letIn.add(label + ": database changed " + before + " -> " + after);
      }
      assertThat(right.status()).as(label + " with the right token").isNotEqualTo(403);
    }
    System.out.println(
        getClass().getSimpleName()
            + ": CSRF, "
            + attempts
            + " forged requests on "
            + operations.size()
            + " state-changing operations\n"
            + table
            + "let in: "
            + (letIn.isEmpty() ? "nothing" : letIn));
    assertThat(letIn).isEmpty();
  }

  @Test
  @DisplayName("no GET of the OpenAPI document changes the database")
  void noStateChangeThroughGet() {
    Identity session = server.signIn("admin@example.com").identity();
    Identity bearer = Identity.bearer(server.tokenFor("admin@example.com"));
    Map<String, Long> before = settled();
    StringBuilder table = new StringBuilder();
    int requests = 0;
    for (Operation operation : operations(List.of("GET"))) {
      String path = path(operation.template(), "00000000-0000-0000-0000-000000000000");
      for (Identity identity : List.of(session, bearer, Identity.ANONYMOUS)) {
        int status;
        if (path.equals("/api/v1/events")) {
          try (SseStream stream = server.events(identity)) {
            status = stream.status();
          }
        } else {
          status = server.call("GET", path).as(identity).send().status();
        }
        requests++;
        assertThat(status).as(path).isLessThan(500);
        table.append(status).append(' ');
      }
      table.append(' ').append(path).append('\n');
    }
    Map<String, Long> after = snapshot();
    System.out.println(
        getClass().getSimpleName()
            + ": "
            + requests
            + " GETs (session, bearer, anonymous)\n"
            + table
            + "database before "
            + before
            + "\ndatabase after  "
            + after);
    assertThat(after).as("database unchanged by GETs").isEqualTo(before);
  }

  @Test
  @DisplayName("a session id planted in the browser before sign-in is never adopted")
  void plantedSessionIdNotAdopted() {
    String planted = SessionService.COOKIE + "=attacker-chosen-session-id-0123456789";
    Reply signedIn =
        server
            .call("POST", "/api/v1/dev/sign-in")
            .header("Cookie", planted)
            .json("{\"email\":\"riley@example.com\"}")
            .send();
    String issued = signedIn.setCookies().get(0);
    issued = issued.substring(0, issued.indexOf(';'));
    System.out.println(
        getClass().getSimpleName() + ": planted " + planted + ", sign-in issued a different id");
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(issued).isNotEqualTo(planted).startsWith(SessionService.COOKIE + "=");
    assertThat(server.call("GET", "/api/v1/me").header("Cookie", planted).send().status())
        .isEqualTo(401);
    assertThat(server.call("GET", "/api/v1/me").header("Cookie", issued).send().status())
        .isEqualTo(200);
  }
}
