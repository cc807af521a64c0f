package io.helpdesk.app;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A manual load check, not a test: the real server on H2, {@code N} open streams over real TCP
 * connections (half admin, half requester), then tickets filed one by one; prints how long until
 * every stream that may see a ticket's CREATED event has it, and the server's thread count.
 *
 * <pre>
 * ./mvnw -B -q test-compile -pl core,testkit,jooq-store,gemini-analyzer,smtp-notifier,dropwizard-app -am
 * (cd dropwizard-app &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.helpdesk.app.EventStreamLoad 2000)
 * </pre>
 *
 * (after {@code ../mvnw -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt} in
 * dropwizard-app).
 */
final class EventStreamLoad {
  private EventStreamLoad() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int tickets = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path directory = Files.createTempDirectory("helpdesk-load");
    HelpdeskConfiguration config = TestServer.config(TestDatabases.h2(directory).url());
    config.getEvents().setMaxSubscribers(streams + 10);
    try (TestServer server = TestServer.start(config, Clock.systemUTC())) {
      TestServer.Identity admin = TestServer.Identity.bearer(server.tokenFor("admin@example.com"));
      TestServer.Identity riley = TestServer.Identity.bearer(server.tokenFor("riley@example.com"));
      int threadsBefore = Thread.activeCount();
      List<HttpClient> clients = new ArrayList<>();
      List<SseStream> open = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        if (i % 500 == 0) {
          clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
        open.add(
            SseStream.open(
                clients.get(clients.size() - 1),
                server.base() + "/api/v1/events",
                List.of("Authorization", i % 2 == 0 ? bearerOf(admin) : bearerOf(riley))));
      }
      for (SseStream stream : open) {
        if (stream.status() != 200) {
          throw new IllegalStateException("status " + stream.status());
        }
      }
      System.out.printf(
          "%d streams open after %d ms%n", streams, (System.nanoTime() - started) / 1_000_000);
      for (int t = 0; t < tickets; t++) {
        long filed = System.nanoTime();
        String id =
            server
                .call("POST", "/api/v1/tickets")
                .as(riley)
                .json("{\"title\":\"Load " + t + "\",\"description\":\"Load test ticket.\"}")
                .send()
                .json()
                .get("id")
                .asText();
        for (SseStream stream : open) {
          stream.await(
              e -> e.ticketId().equals(id) && e.type().equals("CREATED"), Duration.ofSeconds(60));
        }
        System.out.printf(
            "ticket %d: CREATED on all %d streams %d ms after the POST was sent%n",
            t, streams, (System.nanoTime() - filed) / 1_000_000);
      }
      System.out.printf(
          "JVM threads: %d before opening the streams, %d with them open (client and server in"
              + " one JVM)%n",
          threadsBefore, Thread.activeCount());
      open.forEach(SseStream::close);
    }
    System.exit(0);
  }

  private static String bearerOf(TestServer.Identity identity) {
    TestServer probe = TestServer.forPort(0);
    TestServer.Call call = probe.call("GET", "/");
    identity.apply(call);
    return call.headerValue("Authorization");
  }
}
