package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.server.DefaultServerFactory;
import io.helpdesk.app.SseStream.Event;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.TestServer.Reply;
import io.helpdesk.app.TestServer.SignedIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/events} against the real application, read by a real HTTP client line by line:
 * delivery, per-viewer filtering, {@code Last-Event-ID} replay, heartbeats, both kinds of
 * credentials, errors, and streams ending on sign-out and deactivation. The server runs with a
 * {@code server.gzip.excludedMimeTypes} that would make gzip buffer the stream if the application
 * did not guard against it, and every client asks for gzip. On H2 and PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStreamTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path directory;
  private TestDatabases.TestDatabase database;
  TestServer server;
  private final Map<String, Identity> tokens = new java.util.HashMap<>();
  private final Map<String, String> ids = new java.util.HashMap<>();

  abstract TestDatabases.TestDatabase database(Path directory);

  /** The test configuration: fast heartbeats and rechecks, and the gzip trap set. */
  static HelpdeskConfiguration config(String databaseUrl) {
    HelpdeskConfiguration config = TestServer.config(databaseUrl);
    config.getEvents().setHeartbeatInterval(io.dropwizard.util.Duration.seconds(1));
    config.getEvents().setRecheckInterval(io.dropwizard.util.Duration.milliseconds(250));
    ((DefaultServerFactory) config.getServerFactory())
        .getGzipFilterFactory()
        .setExcludedMimeTypes(Set.of("image/png"));
    return config;
  }

  @BeforeAll
  void startServer() {
    database = database(directory);
    server = TestServer.start(config(database.url()), Clock.systemUTC());
    for (String email :
        List.of(
            "riley@example.com",
            "sam@example.com",
            "jordan@example.com",
            "priya.raman@example.com",
            "admin@example.com")) {
      Identity identity = Identity.bearer(server.tokenFor(email));
      tokens.put(email, identity);
      ids.put(
          email,
          server.call("GET", "/api/v1/me").as(identity).send().json().at("/member/id").asText());
    }
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  Identity as(String email) {
    return tokens.get(email);
  }

  SseStream open(Identity identity, String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Accept-Encoding");
    all.add("gzip");
    SseStream stream = server.events(identity, all.toArray(String[]::new));
    assertThat(stream.status()).isEqualTo(200);
    return stream;
  }

  String createTicket(Identity identity, String title) {
    Reply reply =
        server
            .call("POST", "/api/v1/tickets")
            .as(identity)
            .json("{\"title\":\"" + title + "\",\"description\":\"Details of " + title + ".\"}")
            .send();
    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    return reply.json().get("id").asText();
  }

  void post(Identity identity, String path, String json, int expected) {
    Reply reply = server.call("POST", path).as(identity).json(json).send();
    assertThat(reply.status()).as(path + " " + reply.raw().body()).isEqualTo(expected);
  }

  static Predicate<Event> on(String ticketId, String type) {
    return e -> e.ticketId().equals(ticketId) && e.type().equals(type);
  }

  @Test
  @DisplayName(
      "a new ticket's events reach its requester, the assigned moderator and the admin; the other"
          + " requester sees nothing of it and the requester no internal note")
  void deliveryAndFiltering() {
    Identity admin = as("admin@example.com");
    Identity priya = as("priya.raman@example.com");
    String rileyId = ids.get("riley@example.com");
    String priyaId = ids.get("priya.raman@example.com");
    SignedIn rileySession = server.signIn("riley@example.com");
    try (SseStream toRiley = open(rileySession.identity());
        SseStream toPriya = open(priya);
        SseStream toAdmin = open(admin);
        SseStream toSam = open(as("sam@example.com"))) {
      String ticket = createTicket(as("riley@example.com"), "Export to CSV fails");

      Event created = toRiley.await(on(ticket, "CREATED"), WAIT);
      JsonNode json = created.json();
      assertThat(created.event()).isEqualTo("ticket");
      assertThat(json.get("id").asLong()).isEqualTo(created.eventId());
      assertThat(json.get("actor").asText()).isEqualTo(rileyId);
      assertThat(json.get("assignee").isNull()).isTrue();
      assertThat(Instant.parse(json.get("at").asText())).isBefore(Instant.now().plusSeconds(5));
      assertThat(json.get("data").isObject()).isTrue();
      assertThat(toAdmin.await(on(ticket, "CREATED"), WAIT).id()).isEqualTo(created.id());

      // Let the pipeline settle, then hand the ticket to Priya.
      toAdmin.await(
          e ->
              e.ticketId().equals(ticket) && Set.of("ASSIGNED", "TRIAGE_NEEDED").contains(e.type()),
          WAIT);
      post(
          admin,
          "/api/v1/tickets/" + ticket + "/assign",
          "{\"assigneeId\":\"" + priyaId + "\"}",
          200);
      Event assigned =
          toPriya.await(
              e ->
                  on(ticket, "ASSIGNED").test(e)
                      && e.json().get("assignee").asText().equals(priyaId),
              WAIT);
      assertThat(assigned.json().get("assignee").asText()).isEqualTo(priyaId);

      post(priya, "/api/v1/tickets/" + ticket + "/notes", "{\"body\":\"check the logs\"}", 201);
      post(priya, "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"on it\"}", 201);
      Event comment = toRiley.await(on(ticket, "COMMENTED"), WAIT);
      toPriya.await(on(ticket, "INTERNAL_NOTE_ADDED"), WAIT);
      toPriya.await(on(ticket, "COMMENTED"), WAIT);
      toAdmin.await(on(ticket, "INTERNAL_NOTE_ADDED"), WAIT);
      toAdmin.await(on(ticket, "COMMENTED"), WAIT);

      // Events arrive in id order, so everything before the comment has been delivered.
      List<Event> rileys = toRiley.until(e -> e.id().equals(comment.id()), WAIT);
      assertThat(rileys).noneMatch(e -> e.type().equals("INTERNAL_NOTE_ADDED"));
      assertThat(rileys).extracting(Event::eventId).isSorted().doesNotHaveDuplicates();
      for (String other : rileys.stream().map(Event::ticketId).distinct().toList()) {
        assertThat(
                server
                    .call("GET", "/api/v1/tickets/" + other)
                    .as(rileySession.identity())
                    .send()
                    .status())
            .as("riley may see ticket " + other)
            .isEqualTo(200);
      }
      // The moderator saw the ticket only from the moment it was theirs.
      assertThat(toPriya.events()).noneMatch(on(ticket, "CREATED"));

      String samsTicket = createTicket(as("sam@example.com"), "Sam's marker");
      Event marker = toSam.await(on(samsTicket, "CREATED"), WAIT);
      assertThat(toSam.until(e -> e.id().equals(marker.id()), WAIT))
          .noneMatch(e -> e.ticketId().equals(ticket));
    }
  }

  @Test
  @DisplayName(
      "after a disconnect, Last-Event-ID replays the missed visible events and hands over to live"
          + " ones without a gap or a duplicate, even while events keep coming")
  void replayAfterReconnect() throws Exception {
    Identity riley = as("riley@example.com");
    Identity admin = as("admin@example.com");
    try (SseStream oracle = open(riley)) {
      String ticket = createTicket(riley, "Replay me");
      long lastSeen;
      try (SseStream first = open(riley)) {
        post(riley, "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"one\"}", 201);
        first.await(on(ticket, "COMMENTED"), WAIT);
        List<Event> got = first.events();
        lastSeen = got.get(got.size() - 1).eventId();
      }
      // While away: comments the requester may see and a note they may not.
      for (int i = 0; i < 3; i++) {
        post(
            riley, "/api/v1/tickets/" + ticket + "/comments", "{\"body\":\"away " + i + "\"}", 201);
      }
      post(admin, "/api/v1/tickets/" + ticket + "/notes", "{\"body\":\"internal\"}", 201);

      // Reconnect while more events are being written.
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < 15; i++) {
                  post(
                      riley,
                      "/api/v1/tickets/" + ticket + "/comments",
                      "{\"body\":\"during " + i + "\"}",
                      201);
                }
              });
      writer.start();
      try (SseStream second = open(riley, "Last-Event-ID", Long.toString(lastSeen))) {
        writer.join();
        String markerTicket = createTicket(riley, "Replay marker");
        Event marker = oracle.await(on(markerTicket, "CREATED"), WAIT);
        second.await(on(markerTicket, "CREATED"), WAIT);

        List<Long> expected =
            oracle.until(e -> e.id().equals(marker.id()), WAIT).stream()
                .map(Event::eventId)
                .filter(id -> id > lastSeen)
                .toList();
        List<Event> replayedAndLive = second.until(e -> e.id().equals(marker.id()), WAIT);
        assertThat(replayedAndLive).extracting(Event::eventId).containsExactlyElementsOf(expected);
        assertThat(replayedAndLive.stream().filter(on(ticket, "COMMENTED")))
            .hasSizeGreaterThanOrEqualTo(18);
        assertThat(replayedAndLive).noneMatch(e -> e.type().equals("INTERNAL_NOTE_ADDED"));
        assertThat(second.items().get(0)).isEqualTo(3000L);
      }
    }
  }

  @Test
  @DisplayName(
      "a browser that keeps reconnecting with Last-Event-ID while events keep coming gets every"
          + " event exactly once, in order")
  void repeatedReconnectsUnderLoad() throws Exception {
    Identity riley = as("riley@example.com");
    String ticket = createTicket(riley, "Reconnect often");
    try (SseStream oracle = open(riley)) {
      java.util.concurrent.atomic.AtomicBoolean writing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; writing.get() && i < 200; i++) {
                  post(
                      riley,
                      "/api/v1/tickets/" + ticket + "/comments",
                      "{\"body\":\"c" + i + "\"}",
                      201);
                }
              });
      writer.start();
      List<Event> received = new ArrayList<>();
      SseStream current = open(riley);
      try {
        for (int cycle = 0; cycle < 5; cycle++) {
          SseStream connected = current;
          int before = connected.events().size();
          // Let a few events arrive, then drop the connection as a flaky network would.
          TestServer.eventually(
              Duration.ofSeconds(30),
              () ->
                  connected.events().size() >= before + 3
                      ? java.util.Optional.of(true)
                      : java.util.Optional.empty());
          current.close();
          List<Event> got = current.events();
          received.addAll(got);
          String lastId = got.get(got.size() - 1).id();
          current = open(riley, "Last-Event-ID", lastId);
        }
      } finally {
        writing.set(false);
        writer.join();
      }
      String markerTicket = createTicket(riley, "Reconnect marker");
      Event marker = oracle.await(on(markerTicket, "CREATED"), WAIT);
      current.await(on(markerTicket, "CREATED"), WAIT);
      received.addAll(current.until(e -> e.id().equals(marker.id()), WAIT));
      current.close();

      long first = received.get(0).eventId();
      List<Long> expected =
          oracle.until(e -> e.id().equals(marker.id()), WAIT).stream()
              .map(Event::eventId)
              .filter(id -> id >= first)
              .toList();
      assertThat(received).extracting(Event::eventId).containsExactlyElementsOf(expected);
    }
  }

  @Test
  @DisplayName(
      "an idle stream gets ping comments; headers forbid caching and proxy buffering; gzip is not"
          + " applied; a retry hint comes first")
  void heartbeatAndHeaders() {
    try (SseStream stream = open(as("jordan@example.com"))) {
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      assertThat(stream.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");
      assertThat(stream.headers().firstValue("X-Accel-Buffering")).contains("no");
      assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(stream.awaitComment("ping", Duration.ofSeconds(10))).isTrue();
      assertThat(stream.items().get(0)).isEqualTo(3000L);
    }
  }

  @Test
  @DisplayName(
      "anonymous and unknown tokens get 401, a malformed Last-Event-ID or a token in the URL 400,"
          + " another method 405: all problem+json")
  void errors() {
    Reply anonymous = server.call("GET", "/api/v1/events").send();
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    assertThat(anonymous.json().get("status").asInt()).isEqualTo(401);

    Reply unknown = server.call("GET", "/api/v1/events").as(Identity.bearer("hdk_nope")).send();
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.contentType()).startsWith("application/problem+json");

    for (String bad : List.of("abc", "-1", "1.5", "99999999999999999999")) {
      Reply reply =
          server
              .call("GET", "/api/v1/events")
              .as(as("riley@example.com"))
              .header("Last-Event-ID", bad)
              .send();
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().get("field").asText()).isEqualTo("Last-Event-ID");
    }

    Reply inUrl = server.call("GET", "/api/v1/events?access_token=hdk_x").send();
    assertThat(inUrl.status()).isEqualTo(400);
    assertThat(inUrl.json().get("field").asText()).isEqualTo("access_token");

    Reply post =
        server.call("POST", "/api/v1/events").as(as("riley@example.com")).json("{}").send();
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.contentType()).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("signing out ends the session's stream; the cookie then gets 401")
  void signOutEndsStream() {
    SignedIn session = server.signIn("jordan@example.com");
    try (SseStream stream = open(session.identity())) {
      post(session.identity(), "/api/v1/auth/sign-out", "{}", 204);
      assertThat(stream.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(stream.failure()).isEmpty();
    }
    assertThat(server.call("GET", "/api/v1/events").as(session.identity()).send().status())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("deactivating a member ends their token's stream; reactivated, they stream again")
  void deactivationEndsStream() {
    Identity admin = as("admin@example.com");
    String jordan = ids.get("jordan@example.com");
    try (SseStream stream = open(as("jordan@example.com"))) {
      Reply off =
          server
              .call("PATCH", "/api/v1/members/" + jordan)
              .as(admin)
              .json("{\"active\":false}")
              .send();
      assertThat(off.status()).as(off.raw().body()).isEqualTo(200);
      assertThat(stream.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(server.call("GET", "/api/v1/events").as(as("jordan@example.com")).send().status())
          .isEqualTo(401);
    } finally {
      server.call("PATCH", "/api/v1/members/" + jordan).as(admin).json("{\"active\":true}").send();
    }
    try (SseStream again = open(as("jordan@example.com"))) {
      assertThat(again.awaitComment("ping", Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  @DisplayName("the server's metrics count subscribers and sent events")
  void metrics() throws Exception {
    try (SseStream stream = open(as("admin@example.com"))) {
      String ticket = createTicket(as("sam@example.com"), "Metrics");
      stream.await(on(ticket, "CREATED"), WAIT);
      JsonNode metrics =
          TestServer.JSON.readTree(
              java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(
                                  "http://localhost:" + server.support.getAdminPort() + "/metrics"))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(metrics.at("/gauges/helpdesk.events.subscribers/value").asInt())
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.at("/meters/helpdesk.events.sent/count").asLong())
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.at("/counters/helpdesk.events.slowConsumerDisconnects/count").isNumber())
          .isTrue();
    }
  }
}
