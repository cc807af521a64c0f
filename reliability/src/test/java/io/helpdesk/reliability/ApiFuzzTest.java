package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer over every operation of the OpenAPI document, against the real server on a
 * throwaway PostgreSQL database with dev sign-in on.
 *
 * <p><b>What is sent.</b> The operations (paths, methods, parameters, JSON request schemas) are
 * read from {@code openapi.yaml}, so a new endpoint is fuzzed without touching this class. Each
 * request picks an operation, a caller (anonymous, a garbage bearer token, the requester's and the
 * admin's bearer tokens, a moderator's session cookie with or without its CSRF token, the
 * moderator's bearer token) and then mutates: the body (a valid body per schema, or one with a
 * wrong type, a null, a missing or extra field, a huge string, a boundary number, an unknown enum
 * value, 10,000 levels of nesting, more than 1 MB, random bytes, invalid UTF-8, truncated JSON, a
 * non-object), the Content-Type (missing or wrong), the path ids (real ones of the caller and of
 * others, random UUIDs, not-UUIDs, overlong, encoded slashes, {@code %00}), the query (random and
 * truncated real cursors, huge and negative limits, unknown enum values), the headers ({@code
 * Idempotency-Key} and {@code Last-Event-ID} garbage) and now and then the method. Request {@code
 * i} is generated from {@code Random(seed, i)} alone: {@code -Dfuzz.seed=} reproduces a run, {@code
 * -Dfuzz.requests=} raises the count (10,000 by default). Four requests run at a time.
 *
 * <p>Excluded: the event stream's long-lived success ({@code GET /api/v1/events} answering 200 is
 * closed as soon as its headers arrive; its 4xx answers are checked like any other), the session
 * caller's real CSRF token on {@code POST /auth/sign-out} and its cookie on {@code POST
 * /dev/sign-in} (either would end the session the rest of the run needs; both are rejected or
 * renewed on purpose), and an admin changing their own or another caller's member record or
 * revoking a caller's token (the callers must stay who they are). OIDC is not configured: its
 * endpoints answer 404, which is checked like any other 4xx.
 *
 * <p><b>What is checked.</b> No answer is 5xx, and no request fails in transport except ones with
 * bodies over 1 MB (the server may close the connection after its 413); every 4xx is {@code
 * application/problem+json} with {@code type}, {@code title} and a {@code status} equal to the HTTP
 * status, also for requests the container refuses before the application (ambiguous or undecodable
 * path encodings, URIs over Jetty's limit, an unparseable Content-Type: the server's {@code
 * ProblemErrorPages}). Every counterexample is printed with the request that caused it. Requests
 * that once found a 5xx are sent first in every run ({@link #corpus}).
 *
 * <p><b>Database unchanged by rejected requests.</b> The fuzzer records what each 2xx answer may
 * have changed: the tickets, comments and tokens it created (201s, counted without idempotent
 * replays), the tickets named in the path of a 2xx request, the members a 2xx PATCH changed, the
 * tokens a 2xx DELETE revoked. After the run (and once the background jobs have settled) the
 * database must show exactly that: row counts of tickets, comments, api_tokens and members grew by
 * the counted 201s and nothing else; every ticket that existed before still has its version unless
 * a 2xx request named it; every member row (email, name, role, capacity, active, skills) is as
 * before unless a 2xx PATCH named it; no token was revoked but by a 2xx DELETE; and every new
 * ticket_event and jobs row belongs to a ticket a 2xx request created or named. A rejected request
 * that wrote anything breaks one of these.
 */
class ApiFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", new Random().nextLong());
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
  static final int CONCURRENCY = 4;
  static final Duration FUZZ_TIME = Duration.ofSeconds(Long.getLong("fuzz.seconds", 150));
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final int ONE_MB = 1 << 20;

  @TempDir Path directory;

  /** One operation of the document. */
  record Operation(String method, String path, List<JsonNode> params, JsonNode body) {
    String name() {
      return method.toUpperCase() + " " + path;
    }
  }

  /** Who sends a request. */
  record Caller(String name, String bearer, String cookie, String csrf, String memberId) {}

  /** A request as sent, for the report. */
  record Sent(
      int index,
      String caller,
      Operation operation,
      String method,
      String uri,
      Map<String, String> headers,
      byte[] body,
      Map<String, String> pathValues) {
    @Override
    public String toString() {
      String preview = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return "#"
          + index
          + " "
          + caller
          + " "
          + method
          + " "
          + (uri.length() > 300 ? uri.substring(0, 300) + "..." : uri)
          + " headers="
          + headers
          + " body("
          + body.length
          + " bytes)="
          + preview.replaceAll("\\p{Cntrl}", "?");
    }
  }

  // ids the generators draw from, filled before the run
  private final Map<String, List<String>> ids = new HashMap<>();
  private final Set<String> documented = new HashSet<>();
  private final List<Caller> callers = new ArrayList<>();
  private String realCursor;
  private JsonNode document;

  // what the run saw
  private final Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
  private final List<String> counterexamples = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger fivexx = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger ticketsCreated = new AtomicInteger();
  private final AtomicInteger commentsCreated = new AtomicInteger();
  private final AtomicInteger tokensCreated = new AtomicInteger();
  private final Set<String> touchedTickets = ConcurrentHashMap.newKeySet();
  private final Set<String> touchedMembers = ConcurrentHashMap.newKeySet();
  private final Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  @Timeout(300)
  @DisplayName("10,000 fuzzed requests over every endpoint: no 5xx, problem+json, no stray write")
  void fuzz() throws Exception {
    System.out.printf(
        "[ApiFuzzTest] seed %d (-Dfuzz.seed=%d to reproduce), %d requests%n", SEED, SEED, REQUESTS);
    document =
        new ObjectMapper(new YAMLFactory())
            .readTree(ApiFuzzTest.class.getResourceAsStream("/io/helpdesk/app/api/openapi.yaml"));
    List<Operation> operations = operations();
    operations.forEach(operation -> documented.add(operation.name()));
    assertThat(operations).hasSizeGreaterThan(20);
    try (Databases.TestDatabase database = Databases.throwaway()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 1);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      Path config =
          new ServerConfig(database.url())
              .smtpPort(greenMail.getSmtp().getPort())
              .devSignIn(true)
              .write(directory, "fuzz.yml");
      try (InProcessServer server = new InProcessServer(config)) {
        String base = "http://127.0.0.1:" + server.port();
        prepare(base, helpdesk);
        Map<String, Object> before = snapshot(database.url());
        long started = System.nanoTime();
        corpus(base, operations);
        run(base, operations);
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean settled = Waits.until(Duration.ofSeconds(60), () -> helpdesk.state().settled());
        Map<String, Object> after = snapshot(database.url());
        report(seconds, settled);
        Caller session = callers.get(4);
        HttpResponse<String> me =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
                    .header("Cookie", session.cookie())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode())
            .as("the session survived sign-outs without its CSRF token")
            .isEqualTo(200);
        assertThat(counterexamples).as("counterexamples").isEmpty();
        assertThat(sent.get())
            .as("requests sent within the time bound")
            .isGreaterThanOrEqualTo(REQUESTS);
        checkDatabase(before, after, database.url());
      } finally {
        greenMail.stop();
      }
    }
  }

  // --- the document --------------------------------------------------------------------------

  private JsonNode resolve(JsonNode node) {
    while (node != null && node.has("$ref")) {
      node = document.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  private List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonNode operation = path.getValue().get(method);
        if (operation == null) {
          continue;
        }
        List<JsonNode> params = new ArrayList<>();
        for (JsonNode param : path.getValue().path("parameters")) {
          params.add(resolve(param));
        }
        for (JsonNode param : operation.path("parameters")) {
          params.add(resolve(param));
        }
        JsonNode body =
            resolve(
                operation
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .get("schema"));
        operations.add(new Operation(method, path.getKey(), params, body));
      }
    }
    return operations;
  }

  // --- set-up: callers and ids ----------------------------------------------------------------

  private void prepare(String base, Helpdesk helpdesk) throws Exception {
    Map<String, String> memberIds = new HashMap<>();
    try (Connection connection = DriverManager.getConnection(helpdesk.databaseUrl);
        PreparedStatement select = connection.prepareStatement("SELECT email, id FROM members");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        memberIds.put(rows.getString(1), rows.getString(2));
      }
    }
    String moderator = "moderator1@example.com";
    HttpResponse<String> signIn =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/sign-in"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + moderator + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    String cookie =
        signIn.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("helpdesk_session="))
            .map(value -> value.substring(0, value.indexOf(';')))
            .findFirst()
            .orElseThrow();
    String csrf = JSON.readTree(signIn.body()).get("csrfToken").asText();
    HttpResponse<String> token =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fuzz\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
    String moderatorToken = JSON.readTree(token.body()).get("token").asText();

    callers.add(new Caller("anonymous", null, null, null, null));
    callers.add(new Caller("garbage-token", "hd_" + UUID.randomUUID(), null, null, null));
    callers.add(
        new Caller(
            "requester", helpdesk.requesterToken, null, null, memberIds.get(Helpdesk.REQUESTER)));
    callers.add(
        new Caller("admin", helpdesk.adminToken, null, null, memberIds.get(Helpdesk.ADMIN)));
    callers.add(new Caller("moderator-session", null, cookie, csrf, memberIds.get(moderator)));
    callers.add(
        new Caller("moderator-token", moderatorToken, null, null, memberIds.get(moderator)));

    // tickets of the requester and of the other requester, analysed and assigned before the run
    List<String> tickets = new ArrayList<>();
    for (String[] who :
        new String[][] {
          {helpdesk.requesterToken, "Printer on fire"},
          {helpdesk.requesterToken, "VPN drops every hour"},
          {helpdesk.requesterToken, "Kubernetes pods crash-loop"},
          {helpdesk.otherRequesterToken, "Laptop will not boot"}
        }) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/tickets"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + who[0])
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.createObjectNode()
                              .put("title", who[1])
                              .put("description", who[1] + ", please help")
                              .toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      tickets.add(JSON.readTree(created.body()).get("id").asText());
    }
    assertThat(
            Waits.until(
                Duration.ofSeconds(60),
                () -> helpdesk.state().settled() && helpdesk.state().assigned() >= 4))
        .as("the seeded tickets are analysed and assigned before the run")
        .isTrue();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tickets?limit=1"))
                .header("Authorization", "Bearer " + helpdesk.adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    realCursor = JSON.readTree(page.body()).get("nextCursor").asText();
    assertThat(realCursor).isNotBlank();

    ids.put("ticketId", tickets);
    ids.put("memberId", List.of(memberIds.get(Helpdesk.OTHER_REQUESTER)));
    ids.put("assigneeId", List.of(memberIds.get(moderator), memberIds.get(Helpdesk.ADMIN)));
    List<String> otherTokens = new ArrayList<>();
    List<String> jobs = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(helpdesk.databaseUrl)) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT t.id FROM api_tokens t JOIN members m ON m.id = t.member_id"
                  + " WHERE m.email = ?")) {
        select.setString(1, Helpdesk.OTHER_REQUESTER);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            otherTokens.add(rows.getString(1));
          }
        }
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM jobs");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          jobs.add(rows.getString(1));
        }
      }
    }
    ids.put("tokenId", otherTokens);
    ids.put("jobId", jobs);
    ids.put("email", List.of(moderator, Helpdesk.REQUESTER, "nobody@example.com"));
  }

  // --- the run --------------------------------------------------------------------------------

  private void run(String base, List<Operation> operations) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + FUZZ_TIME.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    for (int worker = 0; worker < CONCURRENCY; worker++) {
      pool.execute(
          () -> {
            while (sent.get() < REQUESTS && System.nanoTime() < deadline) {
              int index = next.getAndIncrement();
              Random random = new Random(SEED ^ (index * 0x9E3779B97F4A7C15L));
              Operation operation = operations.get(random.nextInt(operations.size()));
              Sent request;
              try {
                request = generate(index, random, base, operation);
              } catch (RuntimeException | Error e) {
                counterexamples.add("generator failed on #" + index + ": " + e);
                continue;
              }
              try {
                send(request);
              } catch (Error e) {
                counterexamples.add("client failed on " + request + ": " + e);
                e.printStackTrace();
              } catch (RuntimeException e) {
                // the client refused to send it (e.g. a header value it does not allow)
                refused.incrementAndGet();
                refusals.putIfAbsent(e.getClass().getSimpleName(), request + ": " + e.getMessage());
              }
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(FUZZ_TIME.toSeconds() + 60, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }

  /** Requests that once found a bug, sent before the random ones. */
  private void corpus(String base, List<Operation> operations) {
    Operation list =
        operations.stream()
            .filter(operation -> operation.name().equals("GET /api/v1/tickets"))
            .findFirst()
            .orElseThrow();
    // a NUL in the search words reached PostgreSQL, which refused it: 503 instead of 400
    send(
        new Sent(
            -2,
            "admin",
            list,
            "GET",
            base + list.path() + "?q=%C3%BC%00",
            Map.of("Authorization", "Bearer " + callers.get(3).bearer()),
            new byte[0],
            Map.of()));
    Operation signIn =
        operations.stream()
            .filter(operation -> operation.path().equals("/api/v1/dev/sign-in"))
            .findFirst()
            .orElseThrow();
    // a NUL in the email reached PostgreSQL, which refused it: 503 instead of 400
    send(
        new Sent(
            -1,
            "anonymous",
            signIn,
            "POST",
            base + signIn.path(),
            Map.of("Content-Type", "application/json"),
            "{\"email\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8),
            Map.of()));
  }

  private Sent generate(int index, Random random, String base, Operation operation) {
    Caller caller = callers.get(random.nextInt(callers.size()));
    String method = operation.method().toUpperCase();
    if (random.nextInt(40) == 0) {
      method = pick(random, "GET", "POST", "PUT", "PATCH", "DELETE");
    }
    String path = operation.path();
    Map<String, String> pathValues = new LinkedHashMap<>();
    StringBuilder query = new StringBuilder();
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode param : operation.params()) {
      String name = param.path("name").asText();
      JsonNode schema = resolve(param.path("schema"));
      switch (param.path("in").asText()) {
        case "path" -> {
          String value = pathValue(random, name, schema, caller);
          pathValues.put(name, value);
          path = path.replace("{" + name + "}", value);
        }
        case "query" -> {
          if (random.nextInt(10) < 6) {
            int repeat = random.nextInt(8) == 0 ? 2 : 1;
            for (int i = 0; i < repeat; i++) {
              query
                  .append(query.length() == 0 ? '?' : '&')
                  .append(name)
                  .append('=')
                  .append(encode(queryValue(random, name, schema)));
            }
          }
        }
        case "header" -> {
          if (random.nextInt(10) < 7) {
            headers.put(name, headerGarbage(random, name));
          }
        }
        default -> {}
      }
    }
    if (random.nextInt(10) == 0) {
      query
          .append(query.length() == 0 ? '?' : '&')
          .append(encode(randomText(random, 10)))
          .append('=')
          .append(encode(randomText(random, 20)));
    }
    byte[] body = new byte[0];
    if (operation.body() != null || !method.equals("GET") && random.nextInt(5) == 0) {
      body = body(random, operation.body());
      headers.put("Content-Type", contentType(random));
    }
    if (random.nextInt(15) == 0) {
      headers.put("Accept", pick(random, "text/html", "application/xml", "*/*", "image/png"));
    }
    boolean stateChanging = !method.equals("GET");
    if (caller.bearer() != null) {
      headers.put("Authorization", "Bearer " + caller.bearer());
    }
    if (caller.cookie() != null && !operation.path().equals("/api/v1/dev/sign-in")) {
      headers.put("Cookie", caller.cookie());
      if (stateChanging) {
        int csrf = random.nextInt(10);
        boolean signOut = operation.path().equals("/api/v1/auth/sign-out");
        if (csrf < 8 && !signOut) {
          headers.put("X-CSRF-Token", caller.csrf());
        } else if (csrf < 9 || signOut) {
          headers.put("X-CSRF-Token", randomText(random, 1 + random.nextInt(80)));
        }
      }
    }
    return new Sent(
        index, caller.name(), operation, method, base + path + query, headers, body, pathValues);
  }

  private void send(Sent request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(request.uri()))
            .timeout(Duration.ofSeconds(30))
            .method(
                request.method(),
                request.body().length == 0 && request.method().equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    String endpoint = request.operation().name();
    int status;
    String contentType;
    byte[] body;
    Map<String, List<String>> responseHeaders;
    try {
      HttpResponse<InputStream> response;
      try {
        response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        // a kept-alive connection the server closed after its last answer: the JDK client
        // retries only idempotent methods by itself, so send once more on a new connection
        response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      }
      status = response.statusCode();
      contentType = response.headers().firstValue("Content-Type").orElse("");
      responseHeaders = response.headers().map();
      try (InputStream in = response.body()) {
        // an event stream that was accepted stays open: its headers are all there is to check
        body =
            contentType.startsWith("text/event-stream") && status == 200
                ? new byte[0]
                : readAll(in);
      }
    } catch (IOException e) {
      sent.incrementAndGet();
      statuses.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>()).merge(-1, 1, Integer::sum);
      if (request.body().length <= ONE_MB) {
        counterexamples.add("transport error " + e + " for " + request);
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    sent.incrementAndGet();
    statuses
        .computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
        .merge(status, 1, Integer::sum);
    if (status >= 500) {
      fivexx.incrementAndGet();
      counterexamples.add(
          status + " " + new String(body, StandardCharsets.UTF_8) + " for " + request);
      return;
    }
    if (status >= 400) {
      String problem = problemError(status, contentType, body);
      if (problem != null) {
        counterexamples.add(status + " " + problem + " for " + request);
      }
      return;
    }
    if (status >= 200 && status < 300) {
      record2xx(request, status, responseHeaders, body);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static String problemError(int status, String contentType, byte[] body) {
    if (!contentType.startsWith("application/problem+json")) {
      return "not problem+json (Content-Type '"
          + contentType
          + "'): "
          + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    }
    try {
      JsonNode problem = JSON.readTree(body);
      if (!problem.path("type").isTextual()
          || !problem.path("title").isTextual()
          || problem.path("status").asInt(-1) != status) {
        return "problem without type/title/status " + status + ": " + problem;
      }
      return null;
    } catch (IOException e) {
      return "problem+json that is not JSON: " + e.getMessage();
    }
  }

  private void record2xx(Sent request, int status, Map<String, List<String>> headers, byte[] body) {
    String path = request.operation().path();
    String method = request.method();
    if (!method.equals(request.operation().method().toUpperCase())) {
      // a changed method may name another operation of the same path (POST -> GET /tickets)
      if (!documented.contains(method + " " + path)) {
        counterexamples.add(status + " to a method the document does not name: " + request);
      }
      if (!method.equals("GET")) {
        request.pathValues().values().forEach(touchedTickets::add);
      }
      return;
    }
    String ticket = request.pathValues().get("ticketId");
    if (ticket != null && !method.equals("GET")) {
      touchedTickets.add(ticket);
    }
    boolean replayed = headers.containsKey("idempotent-replayed");
    if (status == 201 && path.equals("/api/v1/tickets") && !replayed) {
      ticketsCreated.incrementAndGet();
    } else if (status == 201 && path.endsWith("/comments")
        || status == 201 && path.endsWith("/notes")) {
      commentsCreated.incrementAndGet();
    } else if (status == 201 && path.equals("/api/v1/me/tokens")) {
      tokensCreated.incrementAndGet();
    } else if (method.equals("PATCH") && path.startsWith("/api/v1/members/")) {
      touchedMembers.add(request.pathValues().get("memberId"));
    } else if (method.equals("DELETE") && path.startsWith("/api/v1/me/tokens/")) {
      revokedTokens.add(request.pathValues().get("tokenId"));
    }
    if (body.length == 0) {
      return;
    }
    // the new ticket's own events and jobs are expected
    if (status == 201 && path.equals("/api/v1/tickets")) {
      try {
        touchedTickets.add(JSON.readTree(body).path("id").asText());
      } catch (IOException e) {
        counterexamples.add("201 without a JSON ticket: " + request);
      }
    }
  }

  // --- generators -----------------------------------------------------------------------------

  private String pathValue(Random random, String name, JsonNode schema, Caller caller) {
    List<String> known = new ArrayList<>(ids.getOrDefault(name, List.of()));
    if (name.equals("memberId") && caller.memberId() != null && !caller.name().equals("admin")) {
      known.add(caller.memberId()); // one's own record: only an admin may change it
    }
    int choice = random.nextInt(10);
    if (choice < 5 && !known.isEmpty()) {
      return known.get(random.nextInt(known.size()));
    }
    if (choice < 7) {
      return schema.path("type").asText().equals("integer")
          ? Long.toString(random.nextLong())
          : UUID.randomUUID().toString();
    }
    return pick(
        random,
        "not-a-uuid",
        "0",
        "-1",
        "9223372036854775808",
        "1e9",
        "a".repeat(5000),
        "%2F..%2F..%2Fetc%2Fpasswd",
        "%00",
        "abc%00def",
        "%2e%2e",
        "%252F",
        UUID.randomUUID().toString().toUpperCase(),
        UUID.randomUUID().toString().replace("-", ""),
        UUID.randomUUID() + "%2F" + UUID.randomUUID(),
        encode("' OR 1=1 --"),
        encode("<script>alert(1)</script>"),
        encode("ü😀"),
        "%C3%28",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff");
  }

  private String queryValue(Random random, String name, JsonNode schema) {
    JsonNode items = resolve(schema.path("items"));
    JsonNode values = schema.has("enum") ? schema : items != null ? items : NODES.missingNode();
    int choice = random.nextInt(10);
    if (choice < 4) {
      if (name.equals("cursor")) {
        return realCursor;
      }
      if (values.has("enum")) {
        JsonNode options = values.get("enum");
        return options.get(random.nextInt(options.size())).asText();
      }
      return switch (schema.path("type").asText()) {
        case "integer" ->
            Integer.toString(
                schema.path("minimum").asInt(1)
                    + random.nextInt(
                        Math.max(
                            1,
                            schema.path("maximum").asInt(100) - schema.path("minimum").asInt(1))));
        case "boolean" -> Boolean.toString(random.nextBoolean());
        default ->
            schema.path("format").asText().equals("uuid")
                ? pick(random, ids.get("assigneeId").toArray(String[]::new))
                : randomText(random, 10);
      };
    }
    if (name.equals("cursor")) {
      return switch (random.nextInt(6)) {
        case 0 -> realCursor.substring(0, random.nextInt(realCursor.length()));
        case 1 ->
            Base64.getUrlEncoder().encodeToString(randomBytes(random, 1 + random.nextInt(60)));
        case 2 ->
            Base64.getEncoder()
                .encodeToString("{\"at\":\"x\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
        case 3 -> realCursor + "AAAA";
        case 4 -> "A".repeat(20_000);
        default -> randomText(random, 40);
      };
    }
    return pick(
        random,
        "",
        "0",
        "-1",
        "201",
        "366",
        "2147483648",
        "-9223372036854775809",
        "1e100",
        "1.5",
        "NaN",
        "true",
        "maybe",
        "null",
        "UNKNOWN_VALUE",
        "low",
        "not-a-uuid",
        "x".repeat(10_000),
        "ü\u0000");
  }

  private static String headerGarbage(Random random, String name) {
    if (name.equalsIgnoreCase("Last-Event-ID")) {
      return pick(
          random,
          "abc",
          "-1",
          "0",
          "99999999999999999999999",
          "9223372036854775807",
          "1.5",
          " ",
          "1; drop table",
          randomText(random, 300));
    }
    return switch (random.nextInt(6)) {
      case 0 -> UUID.randomUUID().toString();
      case 1 -> "k".repeat(201);
      case 2 -> "key with spaces";
      case 3 -> randomText(random, 1 + random.nextInt(250));
      case 4 -> "\t";
      default -> "same-key";
    };
  }

  private static String contentType(Random random) {
    if (random.nextInt(10) < 8) {
      return "application/json";
    }
    return pick(
        random,
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=ISO-8859-1",
        "application/json; charset=nonsense",
        "garbage",
        "*/*",
        "application/problem+json");
  }

  private byte[] body(Random random, JsonNode schema) {
    JsonNode valid = schema == null ? NODES.objectNode() : valid(random, schema, "");
    int kind = random.nextInt(100);
    String text;
    if (kind < 12) {
      text = valid.toString();
    } else if (kind < 60) {
      text = mutate(random, valid, schema).toString();
    } else if (kind < 64) {
      text = deep(random, 10_000);
    } else if (kind < 66) {
      ObjectNode huge = valid.isObject() ? ((ObjectNode) valid).deepCopy() : NODES.objectNode();
      huge.put(pickField(random, huge, schema), "x".repeat(ONE_MB + random.nextInt(ONE_MB)));
      text = huge.toString();
    } else if (kind < 72) {
      return randomBytes(random, random.nextInt(2000));
    } else if (kind < 78) {
      byte[] prefix = valid.toString().getBytes(StandardCharsets.UTF_8);
      String json = valid.toString();
      int quote = json.indexOf(":\"");
      if (quote < 0) {
        quote = json.length() - 1;
      }
      byte[] invalid = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(prefix, 0, Math.min(prefix.length, quote + 2));
      out.write(invalid, 0, 1 + random.nextInt(invalid.length));
      out.write(
          prefix,
          Math.min(prefix.length, quote + 2),
          prefix.length - Math.min(prefix.length, quote + 2));
      return out.toByteArray();
    } else if (kind < 84) {
      String json = valid.toString();
      text = json.substring(0, random.nextInt(Math.max(1, json.length())));
    } else if (kind < 92) {
      text =
          pick(
              random,
              "",
              "null",
              "[]",
              "[{}]",
              "\"a string\"",
              "42",
              "true",
              "{",
              "}",
              "{\"a\":1,}",
              "{'title':'single quotes'}",
              "{\"title\":\"\\ud800\",\"description\":\"\\u0000\"}",
              "{\"title\":\"dup\",\"title\":\"dup\"}",
              "/* comment */ {}",
              "{\"__proto__\":{\"admin\":true}}",
              "1e999999",
              "{\"version\":1e400}");
    } else {
      text = randomText(random, random.nextInt(3000));
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode valid(Random random, JsonNode schema, String name) {
    schema = resolve(schema);
    if (schema.has("enum")) {
      JsonNode options = schema.get("enum");
      return options.get(random.nextInt(options.size()));
    }
    switch (schema.path("type").asText("object")) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
            fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (required.contains(field.getKey()) || random.nextBoolean()) {
            object.set(field.getKey(), valid(random, field.getValue(), field.getKey()));
          }
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          array.add(
              name.equals("skills")
                  ? NODES.textNode("kubernetes")
                  : valid(random, schema.path("items"), ""));
        }
        return array;
      }
      case "integer" -> {
        if (name.equals("version")) {
          return NODES.numberNode(1 + random.nextInt(6));
        }
        int min = schema.path("minimum").asInt(0);
        return NODES.numberNode(min + random.nextInt(50));
      }
      case "number" -> {
        return NODES.numberNode(random.nextDouble());
      }
      case "boolean" -> {
        return NODES.booleanNode(random.nextBoolean());
      }
      default -> {
        String format = schema.path("format").asText();
        if (format.equals("uuid")) {
          return NODES.textNode(pick(random, ids.get("assigneeId").toArray(String[]::new)));
        }
        if (format.equals("date-time")) {
          return NODES.textNode(
              Instant.now().plus(Duration.ofDays(1 + random.nextInt(30))).toString());
        }
        if (format.equals("email")) {
          return NODES.textNode(pick(random, ids.get("email").toArray(String[]::new)));
        }
        int max = schema.path("maxLength").asInt(200);
        String words = "fuzz " + randomWords(random);
        return NODES.textNode(words.substring(0, Math.min(max, words.length())).trim());
      }
    }
  }

  private JsonNode mutate(Random random, JsonNode valid, JsonNode schema) {
    if (!valid.isObject()) {
      return valid;
    }
    ObjectNode object = ((ObjectNode) valid).deepCopy();
    String field = pickField(random, object, schema);
    switch (random.nextInt(9)) {
      case 0 ->
          object.set(
              field,
              switch (random.nextInt(5)) {
                case 0 -> NODES.numberNode(random.nextInt());
                case 1 -> NODES.arrayNode().add("x");
                case 2 -> NODES.objectNode().put("x", 1);
                case 3 -> NODES.booleanNode(true);
                default -> NODES.textNode(randomText(random, 12));
              });
      case 1 -> object.putNull(field);
      case 2 -> object.remove(field);
      case 3 -> object.put(randomText(random, 8), randomText(random, 8));
      case 4 -> object.put(field, randomText(random, 1).repeat(10_001 + random.nextInt(100_000)));
      case 5 ->
          object.set(
              field,
              pick(
                  random,
                  NODES.numberNode(Long.MAX_VALUE),
                  NODES.numberNode(Long.MIN_VALUE),
                  NODES.numberNode(new java.math.BigInteger("9223372036854775808")),
                  NODES.numberNode(-1),
                  NODES.numberNode(0),
                  NODES.numberNode(Integer.MAX_VALUE + 1L),
                  NODES.numberNode(1.5),
                  NODES.numberNode(1e308),
                  NODES.numberNode(new java.math.BigDecimal("1e400"))));
      case 6 -> object.put(field, pick(random, "UNKNOWN", "low", "", " ", "ADMIN ", "null"));
      case 7 ->
          object.put(
              field,
              pick(
                  random,
                  "\u0000",
                  "\r\nBcc: victim@example.com",
                  "<script>alert(1)</script>",
                  "2026-13-45T99:99:99Z",
                  "1970-01-01T00:00:00Z",
                  "+999999999-12-31T23:59:59Z",
                  "not-a-uuid",
                  "a@",
                  "@b"));
      default ->
          object.set(
              field,
              NODES.rawValueNode(
                  new com.fasterxml.jackson.databind.util.RawValue(deep(random, 2000))));
    }
    return object;
  }

  private static String pickField(Random random, ObjectNode object, JsonNode schema) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    if (schema != null) {
      schema.path("properties").fieldNames().forEachRemaining(names::add);
    }
    return names.isEmpty() ? "title" : names.get(random.nextInt(names.size()));
  }

  private static String deep(Random random, int levels) {
    boolean arrays = random.nextBoolean();
    StringBuilder json = new StringBuilder(levels * 8);
    for (int i = 0; i < levels; i++) {
      json.append(arrays ? "[" : "{\"a\":");
    }
    json.append("1");
    for (int i = 0; i < levels; i++) {
      json.append(arrays ? ']' : '}');
    }
    return json.toString();
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (33 + random.nextInt(94)));
    }
    return text.toString();
  }

  private static String randomWords(Random random) {
    return pick(random, "printer", "vpn", "kubernetes", "email", "laptop")
        + " "
        + pick(random, "broken", "slow", "down", "crashes")
        + " "
        + random.nextInt(1000);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // --- the database ---------------------------------------------------------------------------

  private static Map<String, Object> snapshot(String url) throws SQLException {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(url)) {
      for (String table : List.of("tickets", "comments", "api_tokens", "members")) {
        snapshot.put(table, rows(connection, "SELECT 'n', count(*)::text FROM " + table).get("n"));
      }
      snapshot.put(
          "ticketVersions", rows(connection, "SELECT id::text, version::text FROM tickets"));
      snapshot.put(
          "memberRows",
          rows(
              connection,
              "SELECT m.id::text, md5(concat_ws('|', m.email, m.display_name, m.role, m.capacity,"
                  + " m.active, (SELECT string_agg(skill, ',' ORDER BY skill) FROM member_skill s"
                  + " WHERE s.member_id = m.id))) FROM members m"));
      snapshot.put(
          "tokenRevoked",
          rows(connection, "SELECT id::text, coalesce(revoked_at::text, '-') FROM api_tokens"));
      snapshot.put(
          "maxEvent", rows(connection, "SELECT 'n', coalesce(max(id), 0)::text FROM ticket_event"));
      snapshot.put("maxJob", rows(connection, "SELECT 'n', coalesce(max(id), 0)::text FROM jobs"));
    }
    return snapshot;
  }

  private static Map<String, String> rows(Connection connection, String sql) throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        rows.put(result.getString(1), result.getString(2));
      }
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private void checkDatabase(Map<String, Object> before, Map<String, Object> after, String url)
      throws SQLException {
    assertThat(count(after, "tickets") - count(before, "tickets"))
        .as("new tickets = 201s of POST /api/v1/tickets (no replays)")
        .isEqualTo(ticketsCreated.get());
    assertThat(count(after, "comments") - count(before, "comments"))
        .as("new comments = 201s of comments and notes")
        .isEqualTo(commentsCreated.get());
    assertThat(count(after, "api_tokens") - count(before, "api_tokens"))
        .as("new API tokens = 201s of POST /api/v1/me/tokens")
        .isEqualTo(tokensCreated.get());
    assertThat(count(after, "members")).as("members").isEqualTo(count(before, "members"));
    Map<String, String> versionsBefore = (Map<String, String>) before.get("ticketVersions");
    Map<String, String> versionsAfter = (Map<String, String>) after.get("ticketVersions");
    List<String> changedTickets = new ArrayList<>();
    versionsBefore.forEach(
        (id, version) -> {
          if (!version.equals(versionsAfter.get(id)) && !touchedTickets.contains(id)) {
            changedTickets.add(id + " " + version + " -> " + versionsAfter.get(id));
          }
        });
    assertThat(changedTickets).as("tickets changed by rejected requests").isEmpty();
    List<String> changedMembers = new ArrayList<>();
    Map<String, String> membersAfter = (Map<String, String>) after.get("memberRows");
    ((Map<String, String>) before.get("memberRows"))
        .forEach(
            (id, row) -> {
              if (!row.equals(membersAfter.get(id)) && !touchedMembers.contains(id)) {
                changedMembers.add(id);
              }
            });
    assertThat(changedMembers).as("members changed by rejected requests").isEmpty();
    List<String> revoked = new ArrayList<>();
    Map<String, String> tokensAfter = (Map<String, String>) after.get("tokenRevoked");
    ((Map<String, String>) before.get("tokenRevoked"))
        .forEach(
            (id, state) -> {
              if (!state.equals(tokensAfter.get(id)) && !revokedTokens.contains(id)) {
                revoked.add(id);
              }
            });
    assertThat(revoked).as("tokens revoked by rejected requests").isEmpty();
    try (Connection connection = DriverManager.getConnection(url)) {
      for (String[] table : new String[][] {{"ticket_event", "maxEvent"}, {"jobs", "maxJob"}}) {
        Map<String, String> stray =
            rows(
                connection,
                "SELECT id::text, ticket_id::text FROM "
                    + table[0]
                    + " WHERE id > "
                    + Long.parseLong(((Map<String, String>) before.get(table[1])).get("n")));
        List<String> strays = new ArrayList<>();
        stray.forEach(
            (id, ticket) -> {
              if (!touchedTickets.contains(ticket)) {
                strays.add(id + " of ticket " + ticket);
              }
            });
        assertThat(strays)
            .as(table[0] + " rows of tickets no accepted request created or named")
            .isEmpty();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static long count(Map<String, Object> snapshot, String table) {
    return Long.parseLong((String) snapshot.get(table));
  }

  private void report(double seconds, boolean settled) {
    StringBuilder table = new StringBuilder();
    table.append(String.format("[ApiFuzzTest] %-55s %7s  %s%n", "endpoint", "sent", "statuses"));
    new TreeMap<>(statuses)
        .forEach(
            (endpoint, seen) ->
                table.append(
                    String.format(
                        "[ApiFuzzTest] %-55s %7d  %s%n",
                        endpoint,
                        seen.values().stream().mapToInt(Integer::intValue).sum(),
                        new TreeMap<>(seen))));
    System.out.print(table);
    System.out.printf(
        "[ApiFuzzTest] seed %d: %d requests in %.1f s, %d 5xx, %d counterexamples;"
            + " accepted: %d tickets, %d comments, %d tokens created, %d tickets and %d members"
            + " changed, %d tokens revoked; jobs settled: %s%n",
        SEED,
        sent.get(),
        seconds,
        fivexx.get(),
        counterexamples.size(),
        ticketsCreated.get(),
        commentsCreated.get(),
        tokensCreated.get(),
        touchedTickets.size(),
        touchedMembers.size(),
        revokedTokens.size(),
        settled);
    System.out.printf(
        "[ApiFuzzTest] %d requests the client would not send (sent is counted without them): %s%n",
        refused.get(), refusals);
    synchronized (counterexamples) {
      counterexamples.stream()
          .limit(50)
          .forEach(example -> System.out.println("[ApiFuzzTest] COUNTEREXAMPLE " + example));
    }
  }
}
