package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} the server again and again while tickets flow through the pipeline; at the end
 * every ticket is analysed, assigned and notified, none is lost, and duplicate mails are counted.
 *
 * <p>By default the size, 2,000 tickets and 5 kills (about 3.5 minutes on the 2-core build
 * machine, most of it server restarts); a quicker run while developing is {@code
 * -Dreliability.crash.tickets=300 -Dreliability.crash.kills=3}.
 */
class CrashFaultTest {
  static final int TICKETS = Integer.getInteger("reliability.crash.tickets", 2_000);
  static final int CRASHES = Integer.getInteger("reliability.crash.kills", 5);

  @TempDir Path directory;

  @Test
  @Timeout(1500)
  @DisplayName("kill -9 the server while tickets flow: none lost, duplicates counted")
  void crashes() throws Exception {
    try (Databases.TestDatabase database = Databases.throwaway()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 5);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      int port = Databases.freePort();
      int adminPort = Databases.freePort();
      Path config =
          new ServerConfig(database.url())
              .ports(port, adminPort)
              .smtpPort(greenMail.getSmtp().getPort())
              .lease("3 seconds")
              .write(directory, "crash.yml");
      Path log = directory.resolve("server.log");
      try (ServerProcess server = new ServerProcess(config, adminPort, log)) {
        Duration firstStart = server.start(Duration.ofSeconds(60));
        System.out.printf(
            "[CrashFaultTest] server up in %d ms (separate JVM); filing %d tickets%n",
            firstStart.toMillis(), TICKETS);

        String runId = UUID.randomUUID().toString().substring(0, 8);
        TicketFiler filer = new TicketFiler(() -> port, helpdesk.requesterToken, runId, TICKETS);
        Thread filing =
            new Thread(() -> filer.run(8, Duration.ofSeconds(120 + TICKETS / 4)), "filer");
        long started = System.nanoTime();
        filing.start();

        // Kills spread over the run: while tickets are filed, and the last one while the
        // pipeline still works through the backlog; each at a random moment in its stretch.
        Random random = new Random();
        List<String> crashes = new ArrayList<>();
        for (int crash = 1; crash <= CRASHES; crash++) {
          int threshold = (int) ((long) TICKETS * crash / (CRASHES + 1));
          Waits.until(Duration.ofSeconds(120), () -> filer.filed() >= threshold);
          Waits.sleep(random.nextInt(1_500));
          Helpdesk.State before = helpdesk.state();
          server.kill();
          Duration restart = server.start(Duration.ofSeconds(90));
          crashes.add(
              String.format(
                  "kill %d at %.1f s: filed %d, %s; restarted in %d ms",
                  crash,
                  (System.nanoTime() - started) / 1e9,
                  filer.filed(),
                  before,
                  restart.toMillis()));
          System.out.println("[CrashFaultTest] " + crashes.get(crashes.size() - 1));
        }
        filing.join();
        System.out.printf(
            "[CrashFaultTest] client: filed %d of %d in %.1f s; answers %s; %d connection"
                + " failures (retried with the same Idempotency-Key)%n",
            filer.filed(),
            TICKETS,
            (System.nanoTime() - started) / 1e9,
            filer.statusCounts(),
            filer.connectionFailures());

        boolean done =
            Waits.until(
                Duration.ofSeconds(60 + TICKETS / 3),
                () -> {
                  Helpdesk.State state = helpdesk.state();
                  return state.settled()
                      && state.assigned() >= TICKETS
                      && Mails.assignedMailsPerTicket(greenMail).size() >= TICKETS;
                });
        Helpdesk.State end = helpdesk.state();
        Map<String, Integer> mails = Mails.assignedMailsPerTicket(greenMail);
        Mails.Duplicates duplicates = Mails.duplicates(mails);
        System.out.printf(
            "[CrashFaultTest] after %d kills (settled: %s, %.1f s): %s%n",
            CRASHES, done, (System.nanoTime() - started) / 1e9, end);
        System.out.printf(
            "[CrashFaultTest] assignment mails: %d tickets mailed, %d tickets with a duplicate,"
                + " %d extra mails in all, at most %d mails for one ticket%n",
            mails.size(), duplicates.tickets(), duplicates.extraMails(), duplicates.most());

        assertThat(filer.filed()).as("tickets the client got a 201 for").isEqualTo(TICKETS);
        assertThat(end.tickets()).as("tickets in the database (none twice)").isEqualTo(TICKETS);
        assertThat(end.duplicateTitles()).isZero();
        assertThat(end.analysed()).as("analysed").isEqualTo(TICKETS);
        assertThat(end.assigned()).as("assigned").isEqualTo(TICKETS);
        assertThat(end.jobs("DEAD")).as("dead-lettered jobs").isZero();
        assertThat(end.settled()).as("no job left queued or running").isTrue();
        assertThat(mails.keySet()).as("tickets notified by mail").containsAll(filer.ticketIds());
        assertThat(duplicates.most()).as("mails for one ticket").isLessThanOrEqualTo(1 + CRASHES);
      } finally {
        greenMail.stop();
      }
    }
  }
}
