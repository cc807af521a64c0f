package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ticket id guessing against the real application on H2: a requester probing another requester's
 * ticket, and a moderator probing a ticket assigned to someone else, on every ticket endpoint. The
 * answer must be the one a non-existent id gets (same status, same problem+json body once the id is
 * masked), and the database must be unchanged. Prints every probe and its answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketIdGuessingSecurityTest {
  @TempDir static Path directory;
  private TestServer server;
  private Identity admin;
  private Identity riley;
  private Identity sam;
  private Identity priya;
  private Identity tomas;
  private String priyaId;

  @BeforeAll
  void start() {
    server =
        TestServer.start(TestServer.config(TestDatabases.h2(directory).url()), Clock.systemUTC());
    admin = Identity.bearer(server.tokenFor("admin@example.com"));
    riley = Identity.bearer(server.tokenFor("riley@example.com"));
    sam = Identity.bearer(server.tokenFor("sam@example.com"));
    priya = Identity.bearer(server.tokenFor("priya.raman@example.com"));
    tomas = Identity.bearer(server.tokenFor("tomas.ortega@example.com"));
    priyaId = server.call("GET", "/api/v1/me").as(priya).send().json().at("/member/id").asText();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A ticket of Sam's, analysed, then assigned by hand to Priya. */
  private String samsTicketAssignedToPriya() {
    String id =
        server
            .call("POST", "/api/v1/tickets")
            .as(sam)
            .json("{\"title\":\"Invoice PDF is blank\",\"description\":\"My invoice is empty.\"}")
            .send()
            .json()
            .get("id")
            .asText();
    TestServer.eventually(
        Duration.ofSeconds(20),
        () -> {
          JsonNode ticket = ticket(id);
          return ticket.get("analysis").isNull()
                  || (ticket.get("assignment").isNull() && !ticket.get("needsTriage").asBoolean())
              ? Optional.empty()
              : Optional.of(ticket);
        });
    Reply assigned =
        server
            .call("POST", "/api/v1/tickets/" + id + "/assign")
            .as(admin)
            .json("{\"assigneeId\":\"" + priyaId + "\"}")
            .send();
    assertThat(assigned.status()).as(assigned.raw().body()).isEqualTo(200);
    return id;
  }

  private JsonNode ticket(String id) {
    return server.call("GET", "/api/v1/tickets/" + id).as(admin).send().json().get("ticket");
  }

  /** Row counts of every table a probe could write, and the sum of all ticket versions. */
  private Map<String, Long> snapshot() {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String table :
          List.of("tickets", "comments", "ticket_event", "jobs", "members", "idempotency_keys")) {
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
          count.next();
          counts.put(table, count.getLong(1));
        }
      }
      try (ResultSet versions =
          statement.executeQuery("SELECT COALESCE(SUM(version), 0) FROM tickets")) {
        versions.next();
        counts.put("sum(tickets.version)", versions.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return counts;
  }

  /** Waits until the pipeline has stopped writing (two snapshots a second apart agree). */
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

  private record Endpoint(String name, String method, String path, String body) {}

  private List<Endpoint> endpoints(long version) {
    return List.of(
        new Endpoint("GET ticket", "GET", "/api/v1/tickets/{id}", null),
        new Endpoint(
            "POST status",
            "POST",
            "/api/v1/tickets/{id}/status",
            "{\"status\":\"IN_PROGRESS\",\"version\":" + version + "}"),
        new Endpoint(
            "POST assign",
            "POST",
            "/api/v1/tickets/{id}/assign",
            "{\"assigneeId\":\"" + priyaId + "\"}"),
        new Endpoint("POST comment", "POST", "/api/v1/tickets/{id}/comments", "{\"body\":\"hi\"}"),
        new Endpoint("POST note", "POST", "/api/v1/tickets/{id}/notes", "{\"body\":\"psst\"}"),
        new Endpoint("POST analysis", "POST", "/api/v1/tickets/{id}/analysis", "{}"),
        new Endpoint("GET preview", "GET", "/api/v1/tickets/{id}/assignment-preview", null));
  }

  private Reply probe(Identity who, Endpoint endpoint, String id) {
    TestServer.Call call =
        server.call(endpoint.method(), endpoint.path().replace("{id}", id)).as(who);
    if (endpoint.body() != null) {
      call.json(endpoint.body());
    }
    return call.send();
  }

  private static String masked(Reply reply, String id) {
    return reply.status()
        + " "
        + reply.contentType()
        + " "
        + reply.raw().body().replace(id, "<id>");
  }

  /** Sequential-looking and random ids an attacker would try besides a real one. */
  private static List<String> guesses(String real) {
    String last = real.substring(real.length() - 1);
    String neighbour = real.substring(0, real.length() - 1) + (last.equals("0") ? "1" : "0");
    return List.of(
        neighbour,
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        "00000000-0000-0000-0000-000000000001",
        "00000000-0000-0000-0000-000000000002",
        "1",
        "2");
  }

  private void probeAll(String who, Identity identity, String target) {
    long version = ticket(target).get("version").asLong();
    Map<String, Long> before = settled();
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    int probes = 0;
    for (Endpoint endpoint : endpoints(version)) {
      String nonExistent = UUID.randomUUID().toString();
      Reply baseline = probe(identity, endpoint, nonExistent);
      Reply real = probe(identity, endpoint, target);
      probes += 2;
      table.append(
          String.format(
              "%-14s other's id -> %d, non-existent -> %d",
              endpoint.name(), real.status(), baseline.status()));
      if (!masked(real, target).equals(masked(baseline, nonExistent))) {
        mismatches.add(
            endpoint.name() + ": " + masked(real, target) + " vs " + masked(baseline, nonExistent));
      }
      if (real.status() != 404 && real.status() != 403) {
        mismatches.add(endpoint.name() + " on the other's id: " + real.status());
      }
      if (!real.contentType().startsWith("application/problem+json")) {
        mismatches.add(endpoint.name() + " not problem+json: " + real.contentType());
      }
      StringBuilder guessed = new StringBuilder();
      for (String guess : guesses(target)) {
        Reply reply = probe(identity, endpoint, guess);
        probes++;
        guessed.append(' ').append(reply.status());
        if ((reply.status() != 404 && reply.status() != 403 && reply.status() != 400)
            || !reply.contentType().startsWith("application/problem+json")) {
          mismatches.add(endpoint.name() + " guess " + guess + ": " + masked(reply, guess));
        }
      }
      table.append(", guesses ->").append(guessed).append('\n');
    }
    Map<String, Long> after = snapshot();
    System.out.println(
        getClass().getSimpleName()
            + ": "
            + who
            + " probed "
            + probes
            + " times\n"
            + table
            + "database before "
            + before
            + "\ndatabase after  "
            + after
            + "\nlet in: "
            + (mismatches.isEmpty() && before.equals(after) ? "nothing" : mismatches));
    assertThat(mismatches).isEmpty();
    assertThat(after).as("database unchanged by the probes").isEqualTo(before);
  }

  @Test
  @DisplayName("a requester probing another requester's ticket and guessed ids sees only 404s")
  void requesterProbesOthersTickets() {
    String target = samsTicketAssignedToPriya();
    // control: the owner and the assignee do see it, so the 404s below are not a broken endpoint
    assertThat(server.call("GET", "/api/v1/tickets/" + target).as(sam).send().status())
        .isEqualTo(200);
    assertThat(server.call("GET", "/api/v1/tickets/" + target).as(priya).send().status())
        .isEqualTo(200);
    probeAll("requester riley (ticket of sam)", riley, target);
  }

  @Test
  @DisplayName("a moderator probing a ticket assigned to someone else sees only 404s")
  void moderatorProbesUnassignedTickets() {
    String target = samsTicketAssignedToPriya();
    probeAll("moderator tomas (ticket assigned to priya)", tomas, target);
  }
}
