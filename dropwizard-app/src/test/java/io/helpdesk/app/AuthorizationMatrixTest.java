package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.config.OidcSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint (the event stream included) called by every kind of caller, with the expected
 * status for each, against the real application. The table is printed; all mismatches are reported
 * at once. Runs on H2 and PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationMatrixTest {
  private static final List<String> ACTORS =
      List.of("requester", "otherRequester", "moderator", "otherModerator", "admin", "anonymous");

  @TempDir static Path directory;
  private TestDatabases.TestDatabase database;
  private TestServer server;
  private MockOAuth2Server provider;
  private final Map<String, Identity> identities = new LinkedHashMap<>();
  private final Map<String, String> memberIds = new LinkedHashMap<>();
  private Identity admin;

  abstract TestDatabases.TestDatabase database(Path directory);

  @BeforeAll
  void startServer() throws IOException {
    database = database(directory);
    provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    HelpdeskConfiguration config = TestServer.config(database.url());
    OidcSettings oidc = new OidcSettings();
    oidc.setIssuer(provider.issuerUrl("matrix").toString());
    oidc.setClientId("helpdesk-web");
    oidc.setClientSecret("secret");
    config.getAuth().setOidc(oidc);
    server = TestServer.start(config, Clock.systemUTC());
    Map<String, String> emails =
        Map.of(
            "requester", "riley@example.com",
            "otherRequester", "sam@example.com",
            "moderator", "priya.raman@example.com",
            "otherModerator", "tomas.ortega@example.com",
            "admin", "admin@example.com");
    for (String actor : ACTORS) {
      if (actor.equals("anonymous")) {
        identities.put(actor, Identity.ANONYMOUS);
      } else {
        identities.put(actor, Identity.bearer(server.tokenFor(emails.get(actor))));
        memberIds.put(
            actor,
            server
                .call("GET", "/api/v1/me")
                .as(identities.get(actor))
                .send()
                .json()
                .at("/member/id")
                .asText());
      }
    }
    admin = identities.get("admin");
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  /** A ticket of the requester, analysed, then assigned by hand to the moderator. */
  private String freshTicket() {
    TestServer.Reply created =
        server
            .call("POST", "/api/v1/tickets")
            .as(identities.get("requester"))
            .json("{\"title\":\"Export to CSV fails\",\"description\":\"The data export stops.\"}")
            .send();
    String id = created.json().get("id").asText();
    TestServer.eventually(
        Duration.ofSeconds(20),
        () -> {
          JsonNode ticket = ticket(id);
          return ticket.get("analysis").isNull()
                  || (ticket.get("assignment").isNull() && !ticket.get("needsTriage").asBoolean())
              ? Optional.empty()
              : Optional.of(ticket);
        });
    TestServer.Reply assigned =
        server
            .call("POST", "/api/v1/tickets/" + id + "/assign")
            .as(admin)
            .json("{\"assigneeId\":\"" + memberIds.get("moderator") + "\"}")
            .send();
    assertThat(assigned.status()).as(assigned.raw().body()).isEqualTo(200);
    return id;
  }

  private JsonNode ticket(String id) {
    return server.call("GET", "/api/v1/tickets/" + id).as(admin).send().json().get("ticket");
  }

  /** One endpoint: how to call it and what each actor gets. */
  private record Row(
      String name, String method, String path, Body body, boolean mutates, int... expected) {}

  @FunctionalInterface
  private interface Body {
    String of(String ticketId, long version);
  }

  private List<Row> rows() {
    String sam = memberIds.get("otherRequester");
    String moderator = memberIds.get("moderator");
    String draft = "{\"title\":\"VPN drops\",\"description\":\"The VPN disconnects hourly.\"}";
    //                                                      req  oreq mod  omod admin anon
    return List.of(
        new Row("GET me", "GET", "/api/v1/me", null, false, 200, 200, 200, 200, 200, 401),
        new Row(
            "GET auth config",
            "GET",
            "/api/v1/auth/config",
            null,
            false,
            200,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "GET my tokens", "GET", "/api/v1/me/tokens", null, false, 200, 200, 200, 200, 200, 401),
        // Public: a 302 to the provider for anyone; a callback without its sign-in cookie is a
        // 302 back to the web UI with ?signInError=invalid_state, signed in or not.
        new Row(
            "GET oidc start",
            "GET",
            "/api/v1/auth/oidc/start?returnTo=/tickets",
            null,
            false,
            302,
            302,
            302,
            302,
            302,
            302),
        new Row(
            "GET oidc callback",
            "GET",
            "/api/v1/auth/oidc/callback?code=c&state=s",
            null,
            false,
            302,
            302,
            302,
            302,
            302,
            302),
        new Row("GET tickets", "GET", "/api/v1/tickets", null, false, 200, 200, 200, 200, 200, 401),
        new Row(
            "POST ticket",
            "POST",
            "/api/v1/tickets",
            (t, v) -> draft,
            false,
            201,
            201,
            201,
            201,
            201,
            401),
        new Row(
            "GET ticket", "GET", "/api/v1/tickets/{id}", null, false, 200, 404, 200, 404, 200, 401),
        new Row(
            "POST comment",
            "POST",
            "/api/v1/tickets/{id}/comments",
            (t, v) -> "{\"body\":\"hello\"}",
            false,
            201,
            404,
            201,
            404,
            201,
            401),
        new Row(
            "POST note",
            "POST",
            "/api/v1/tickets/{id}/notes",
            (t, v) -> "{\"body\":\"internal\"}",
            false,
            403,
            404,
            201,
            404,
            201,
            401),
        new Row(
            "POST status",
            "POST",
            "/api/v1/tickets/{id}/status",
            (t, v) -> "{\"status\":\"IN_PROGRESS\",\"version\":" + v + "}",
            true,
            403,
            404,
            200,
            404,
            200,
            401),
        new Row(
            "POST analysis",
            "POST",
            "/api/v1/tickets/{id}/analysis",
            (t, v) -> "{}",
            true,
            403,
            404,
            202,
            404,
            202,
            401),
        new Row(
            "POST assign",
            "POST",
            "/api/v1/tickets/{id}/assign",
            (t, v) -> "{\"assigneeId\":\"" + moderator + "\"}",
            true,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row(
            "GET preview",
            "GET",
            "/api/v1/tickets/{id}/assignment-preview",
            null,
            false,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row(
            "POST preview draft",
            "POST",
            "/api/v1/tickets/assignment-preview",
            (t, v) -> draft,
            false,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row("GET members", "GET", "/api/v1/members", null, false, 403, 403, 403, 403, 200, 401),
        new Row(
            "PATCH member",
            "PATCH",
            "/api/v1/members/" + sam,
            (t, v) -> "{\"displayName\":\"Sam R.\"}",
            false,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row(
            "GET analytics",
            "GET",
            "/api/v1/analytics?days=7",
            null,
            false,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row(
            "GET dead letters",
            "GET",
            "/api/v1/admin/dead-letters",
            null,
            false,
            403,
            403,
            403,
            403,
            200,
            401),
        new Row(
            "POST dead letter retry",
            "POST",
            "/api/v1/admin/dead-letters/999999/retry",
            (t, v) -> "{}",
            false,
            403,
            403,
            403,
            403,
            404,
            401),
        new Row(
            "GET triage", "GET", "/api/v1/admin/triage", null, false, 403, 403, 403, 403, 200, 401),
        new Row(
            "POST triage retry",
            "POST",
            "/api/v1/admin/triage/{id}/retry",
            (t, v) -> "{}",
            false,
            403,
            403,
            403,
            403,
            400,
            401),
        new Row(
            "GET dev members",
            "GET",
            "/api/v1/dev/members",
            null,
            false,
            200,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "GET dev mailbox",
            "GET",
            "/api/v1/dev/mailbox",
            null,
            false,
            200,
            200,
            200,
            200,
            200,
            401));
  }

  @Test
  @DisplayName(
      "every endpoint x requester, other requester, moderator, other moderator, admin, anonymous")
  void matrix() {
    String shared = freshTicket();
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table.append(String.format("%-24s", "endpoint"));
    ACTORS.forEach(actor -> table.append(String.format("%16s", actor)));
    table.append('\n');
    for (Row row : rows()) {
      table.append(String.format("%-24s", row.name()));
      for (int i = 0; i < ACTORS.size(); i++) {
        String actor = ACTORS.get(i);
        String ticketId = row.mutates() ? freshTicket() : shared;
        long version = ticket(ticketId).get("version").asLong();
        TestServer.Call call =
            server
                .call(row.method(), row.path().replace("{id}", ticketId))
                .as(identities.get(actor));
        if (row.body() != null) {
          call.json(row.body().of(ticketId, version));
        }
        TestServer.Reply reply = call.send();
        boolean ok = reply.status() == row.expected()[i];
        table.append(String.format("%16s", reply.status() + (ok ? "" : "!=" + row.expected()[i])));
        if (!ok) {
          mismatches.add(
              row.name() + " as " + actor + ": " + reply.status() + " " + reply.raw().body());
        }
        if (reply.status() >= 400) {
          assertThat(reply.contentType()).startsWith("application/problem+json");
        }
      }
      table.append('\n');
    }
    // The event stream stays open on success: read the status, then hang up.
    int[] expectedEvents = {200, 200, 200, 200, 200, 401};
    table.append(String.format("%-24s", "GET events (SSE)"));
    for (int i = 0; i < ACTORS.size(); i++) {
      String actor = ACTORS.get(i);
      try (SseStream stream = server.events(identities.get(actor))) {
        int status = stream.status();
        boolean ok = status == expectedEvents[i];
        table.append(String.format("%16s", status + (ok ? "" : "!=" + expectedEvents[i])));
        if (!ok) {
          mismatches.add("GET events as " + actor + ": " + status);
        }
        if (status >= 400) {
          assertThat(stream.headers().firstValue("Content-Type").orElse(""))
              .startsWith("application/problem+json");
        }
      }
    }
    table.append('\n');
    System.out.println(getClass().getSimpleName() + "\n" + table);
    assertThat(mismatches).isEmpty();
  }
}
