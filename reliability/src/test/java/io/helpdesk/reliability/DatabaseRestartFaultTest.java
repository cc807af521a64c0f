package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under load and comes back. The machine's shared PostgreSQL is never
 * touched: the test runs its own server ({@link Databases.PrivatePostgres}) and stops it with
 * {@code pg_ctl stop -m fast}. During the outage requests fail fast with 503 problem+json; after it
 * the server recovers by itself (no restart), every ticket the client filed exists once and went
 * through the whole pipeline, and nothing is half-written.
 */
class DatabaseRestartFaultTest {
  static final int TICKETS = 300;
  static final Duration OUTAGE = Duration.ofSeconds(8);

  @TempDir Path directory;

  /** One request made while the database was down. */
  record Probe(String what, int status, String contentType, long millis) {}

  @Test
  @Timeout(180)
  @DisplayName("database down for 8 s under load: fast 503 problem+json, recovers, nothing lost")
  void databaseRestart() throws Exception {
    try (Databases.PrivatePostgres postgres = Databases.PrivatePostgres.create()) {
      Helpdesk helpdesk = Helpdesk.prepare(postgres.url(), 3);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      Path config =
          new ServerConfig(postgres.url())
              .smtpPort(greenMail.getSmtp().getPort())
              .connectionTimeout("1 second")
              .write(directory, "db.yml");
      try (InProcessServer server = new InProcessServer(config)) {
        TicketFiler filer =
            new TicketFiler(
                server::port, helpdesk.requesterToken, "db-" + UUID.randomUUID(), TICKETS);
        Thread filing = new Thread(() -> filer.run(4, Duration.ofSeconds(120)), "filer");
        long started = System.nanoTime();
        filing.start();
        Waits.until(Duration.ofSeconds(30), () -> filer.filed() >= TICKETS / 4);
        int filedBefore = filer.filed();

        postgres.stop();
        long down = System.nanoTime();
        List<Probe> probes = new CopyOnWriteArrayList<>();
        Api api = new Api(server.port(), helpdesk.requesterToken);
        int probe = 0;
        while (System.nanoTime() - down < OUTAGE.toNanos()) {
          probes.add(probeOnce(() -> api.get("/tickets?limit=5"), "GET /tickets"));
          int number = probe++;
          probes.add(
              probeOnce(
                  () -> api.fileTicket("probe-" + UUID.randomUUID(), "probe " + number, "probe"),
                  "POST /tickets"));
          Waits.sleep(200);
        }
        postgres.start();
        long outageMillis = (System.nanoTime() - down) / 1_000_000;

        filing.join();
        boolean settled =
            Waits.until(
                Duration.ofSeconds(60),
                () -> {
                  Helpdesk.State state = helpdesk.state();
                  return state.settled()
                      && state.assigned() >= TICKETS
                      && Mails.assignedMailsPerTicket(greenMail).size() >= TICKETS;
                });
        Helpdesk.State end = helpdesk.state();
        Map<String, Integer> probeStatuses = new TreeMap<>();
        probes.forEach(p -> probeStatuses.merge(p.what() + " " + p.status(), 1, Integer::sum));
        long slowest = probes.stream().mapToLong(Probe::millis).max().orElse(0);
        int halfWritten =
            helpdesk.count(
                "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_event e"
                    + " WHERE e.ticket_id = t.id AND e.type = 'CREATED') OR NOT EXISTS (SELECT 1"
                    + " FROM jobs j WHERE j.ticket_id = t.id AND j.type = 'ANALYSE')");
        int stuckKeys =
            helpdesk.count("SELECT count(*) FROM idempotency_keys WHERE status_code IS NULL");
        System.out.printf(
            "[DatabaseRestartFaultTest] database stopped after %d tickets for %d ms; %d requests"
                + " during the outage: %s, slowest %d ms%n",
            filedBefore, outageMillis, probes.size(), probeStatuses, slowest);
        System.out.printf(
            "[DatabaseRestartFaultTest] client: filed %d of %d in %.1f s, answers %s, %d"
                + " connection failures; end (settled: %s): %s; half-written tickets %d, stuck"
                + " idempotency keys %d%n",
            filer.filed(),
            TICKETS,
            (System.nanoTime() - started) / 1e9,
            filer.statusCounts(),
            filer.connectionFailures(),
            settled,
            end,
            halfWritten,
            stuckKeys);

        assertThat(probes).as("requests during the outage").isNotEmpty();
        assertThat(probes)
            .allSatisfy(
                p -> {
                  assertThat(p.status()).as(p.toString()).isEqualTo(503);
                  assertThat(p.contentType())
                      .as(p.toString())
                      .startsWith("application/problem+json");
                  assertThat(p.millis()).as(p.toString()).isLessThan(5_000);
                });
        assertThat(filer.filed())
            .as("tickets filed (retried through the outage)")
            .isEqualTo(TICKETS);
        assertThat(end.tickets()).as("tickets in the database").isEqualTo(TICKETS);
        assertThat(end.duplicateTitles()).isZero();
        assertThat(halfWritten).as("tickets without their event or job").isZero();
        assertThat(stuckKeys).as("idempotency keys left in progress").isZero();
        assertThat(end.analysed()).isEqualTo(TICKETS);
        assertThat(end.assigned()).isEqualTo(TICKETS);
        assertThat(end.settled()).isTrue();
        assertThat(end.jobs("DEAD")).isZero();
        assertThat(Mails.assignedMailsPerTicket(greenMail).keySet())
            .containsExactlyInAnyOrderElementsOf(filer.ticketIds());
      } finally {
        greenMail.stop();
      }
    }
  }

  interface Request {
    Api.Reply send() throws IOException;
  }

  private static Probe probeOnce(Request request, String what) {
    long start = System.nanoTime();
    try {
      Api.Reply reply = request.send();
      return new Probe(
          what, reply.status(), reply.contentType(), (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      return new Probe(what + " (" + e + ")", -1, "", (System.nanoTime() - start) / 1_000_000);
    }
  }
}
