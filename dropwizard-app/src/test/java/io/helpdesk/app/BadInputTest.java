package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets a 4xx problem+json body, never a 5xx, and writes nothing: the
 * tables' row counts are the same afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  @TempDir static Path directory;
  private TestServer server;
  private Identity admin;
  private String ticketId;

  @BeforeAll
  void start() {
    server =
        TestServer.start(TestServer.config(TestDatabases.h2(directory).url()), Clock.systemUTC());
    admin = Identity.bearer(server.tokenFor("admin@example.com"));
    ticketId =
        server
            .call("POST", "/api/v1/tickets")
            .as(admin)
            .json("{\"title\":\"A ticket\",\"description\":\"To act on.\"}")
            .send()
            .json()
            .get("id")
            .asText();
    // let the pipeline settle so nothing but the bad requests could change the counts
    TestServer.eventually(
        Duration.ofSeconds(20),
        () -> {
          JsonNode ticket =
              server
                  .call("GET", "/api/v1/tickets/" + ticketId)
                  .as(admin)
                  .send()
                  .json()
                  .get("ticket");
          return ticket.get("assignment").isNull() && !ticket.get("needsTriage").asBoolean()
              ? Optional.empty()
              : Optional.of(ticket);
        });
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private record Case(
      String name,
      String method,
      String path,
      String contentType,
      String body,
      int expected,
      String field) {}

  private List<Case> cases() {
    String tickets = "/api/v1/tickets";
    String ticket = tickets + "/" + ticketId;
    String json = "application/json";
    String big = "{\"title\":\"big\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";
    return List.of(
        new Case("malformed JSON", "POST", tickets, json, "{\"title\":", 400, null),
        new Case("not an object", "POST", tickets, json, "[1,2]", 400, null),
        new Case(
            "wrong type",
            "POST",
            tickets,
            json,
            "{\"title\":{\"a\":1},\"description\":\"d\"}",
            400,
            "title"),
        new Case(
            "unknown enum value",
            "POST",
            tickets,
            json,
            "{\"title\":\"t\",\"description\":\"d\",\"requestedPriority\":\"HUGE\"}",
            400,
            "requestedPriority"),
        new Case(
            "bad timestamp",
            "POST",
            tickets,
            json,
            "{\"title\":\"t\",\"description\":\"d\",\"deadline\":\"tomorrow\"}",
            400,
            "deadline"),
        new Case(
            "unknown field",
            "POST",
            tickets,
            json,
            "{\"title\":\"t\",\"description\":\"d\",\"owner\":\"me\"}",
            400,
            "owner"),
        new Case("missing title", "POST", tickets, json, "{\"description\":\"d\"}", 400, "title"),
        new Case(
            "blank description",
            "POST",
            tickets,
            json,
            "{\"title\":\"t\",\"description\":\"  \"}",
            400,
            "description"),
        new Case(
            "title too long",
            "POST",
            tickets,
            json,
            "{\"title\":\"" + "t".repeat(201) + "\",\"description\":\"d\"}",
            400,
            "title"),
        new Case(
            "control characters",
            "POST",
            tickets,
            json,
            "{\"title\":\"a\\u0007b\",\"description\":\"d\"}",
            400,
            "title"),
        new Case("empty body", "POST", tickets, json, "", 400, "body"),
        new Case("oversized body", "POST", tickets, json, big, 413, null),
        new Case("wrong content type", "POST", tickets, "text/plain", "title=t", 415, null),
        new Case(
            "invalid UUID in path", "GET", tickets + "/not-a-uuid", null, null, 400, "ticketId"),
        new Case(
            "unknown ticket",
            "GET",
            tickets + "/00000000-0000-0000-0000-000000000000",
            null,
            null,
            404,
            null),
        new Case("bad limit", "GET", tickets + "?limit=abc", null, null, 400, "limit"),
        new Case("limit out of range", "GET", tickets + "?limit=100000", null, null, 400, "limit"),
        new Case(
            "unknown status filter", "GET", tickets + "?status=NOPE", null, null, 400, "status"),
        new Case("bad triage flag", "GET", tickets + "?triage=maybe", null, null, 400, "triage"),
        new Case("bad cursor", "GET", tickets + "?cursor=garbage", null, null, 400, "cursor"),
        new Case("bad assignee id", "GET", tickets + "?assignee=42", null, null, 400, "assignee"),
        new Case(
            "status without version",
            "POST",
            ticket + "/status",
            json,
            "{\"status\":\"IN_PROGRESS\"}",
            400,
            "version"),
        new Case(
            "status of wrong type",
            "POST",
            ticket + "/status",
            json,
            "{\"status\":\"IN_PROGRESS\",\"version\":\"abc\"}",
            400,
            "version"),
        new Case(
            "unknown status",
            "POST",
            ticket + "/status",
            json,
            "{\"status\":\"DONE\",\"version\":0}",
            400,
            "status"),
        new Case(
            "stale version",
            "POST",
            ticket + "/status",
            json,
            "{\"status\":\"IN_PROGRESS\",\"version\":-1}",
            409,
            null),
        new Case(
            "transition not allowed",
            "POST",
            ticket + "/status",
            json,
            "{\"status\":\"TODO\",\"version\":%VERSION%}",
            409,
            null),
        new Case(
            "assign to unknown member",
            "POST",
            ticket + "/assign",
            json,
            "{\"assigneeId\":\"00000000-0000-0000-0000-000000000000\"}",
            400,
            "assignee"),
        new Case(
            "assign to bad id",
            "POST",
            ticket + "/assign",
            json,
            "{\"assigneeId\":\"x\"}",
            400,
            "assigneeId"),
        new Case(
            "empty comment", "POST", ticket + "/comments", json, "{\"body\":\"\"}", 400, "body"),
        new Case(
            "unknown skill",
            "PATCH",
            "/api/v1/members/%ADMIN%",
            json,
            "{\"skills\":[\"juggling\"]}",
            400,
            "skills"),
        new Case(
            "capacity out of range",
            "PATCH",
            "/api/v1/members/%ADMIN%",
            json,
            "{\"capacity\":100000}",
            400,
            "capacity"),
        new Case(
            "unknown role",
            "PATCH",
            "/api/v1/members/%ADMIN%",
            json,
            "{\"role\":\"KING\"}",
            400,
            "role"),
        new Case(
            "last admin demoted",
            "PATCH",
            "/api/v1/members/%ADMIN%",
            json,
            "{\"role\":\"USER\"}",
            400,
            "role"),
        new Case("analytics days", "GET", "/api/v1/analytics?days=0", null, null, 400, "days"),
        new Case(
            "bad job id", "POST", "/api/v1/admin/dead-letters/abc/retry", json, "{}", 400, "jobId"),
        new Case(
            "bad Idempotency-Key",
            "POST",
            tickets,
            json,
            "{\"title\":\"t\",\"description\":\"d\"}",
            400,
            "Idempotency-Key"),
        new Case(
            "empty token name", "POST", "/api/v1/me/tokens", json, "{\"name\":\" \"}", 400, "name"),
        new Case("unknown route", "GET", "/api/v1/nothing-here", null, null, 404, null),
        new Case("wrong method", "DELETE", tickets, null, null, 405, null));
  }

  private long rows() throws SQLException {
    long total = 0;
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String table :
          List.of(
              "tickets",
              "comments",
              "ticket_event",
              "members",
              "api_tokens",
              "idempotency_keys",
              "jobs")) {
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
          count.next();
          total = total * 1_000 + count.getLong(1);
        }
      }
    }
    return total;
  }

  @Test
  @DisplayName("bad input: a 4xx problem+json naming the field, never a 5xx, and nothing written")
  void badInput() throws SQLException {
    String adminId =
        server.call("GET", "/api/v1/me").as(admin).send().json().at("/member/id").asText();
    long before = rows();
    List<String> failures = new ArrayList<>();
    for (Case c : cases()) {
      long version =
          server
              .call("GET", "/api/v1/tickets/" + ticketId)
              .as(admin)
              .send()
              .json()
              .at("/ticket/version")
              .asLong();
      TestServer.Call call =
          server.call(c.method(), c.path().replace("%ADMIN%", adminId)).as(admin);
      if (c.name().equals("bad Idempotency-Key")) {
        call.header("Idempotency-Key", "has spaces in it");
      }
      if (c.body() != null) {
        call.body(c.contentType(), c.body().replace("%VERSION%", Long.toString(version)));
      }
      Reply reply = call.send();
      String line = String.format("%-26s -> %d %s", c.name(), reply.status(), reply.raw().body());
      System.out.println(line.length() > 220 ? line.substring(0, 220) : line);
      if (reply.status() != c.expected()
          || !reply.contentType().startsWith("application/problem+json")) {
        failures.add(line);
        continue;
      }
      JsonNode problem = reply.json();
      if (problem.get("status").asInt() != c.expected()
          || !problem.hasNonNull("title")
          || !problem.hasNonNull("type")
          || (c.field() != null && !c.field().equals(problem.path("field").asText()))) {
        failures.add("problem body: " + line);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(rows()).as("row counts").isEqualTo(before);
  }

  @Test
  @DisplayName("a chunked body past the cap is cut off with 413")
  void chunkedOversizedBody() throws Exception {
    byte[] big =
        ("{\"title\":\"big\",\"description\":\"" + "x".repeat(200 * 1024) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/tickets"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + server.tokenFor("sam@example.com"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }
}
