package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.helpdesk.core.EngineMetrics;
import io.helpdesk.core.model.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL database, tickets filed on both: each ticket is analysed,
 * assigned and mailed exactly once, both nodes did work, and every ticket's events reach the live
 * subscribers of both nodes (through LISTEN/NOTIFY for the other node's changes). The SSE endpoint
 * does not exist yet, so the subscribers are the engines' own {@code subscribe}, which SSE will
 * feed on.
 */
class TwoNodesFaultTest {
  static final int TICKETS = 200;

  @TempDir Path directory;

  @Test
  @Timeout(180)
  @DisplayName("two nodes on one database: each ticket processed once, events reach both nodes")
  void twoNodes() throws Exception {
    try (Databases.TestDatabase database = Databases.throwaway()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 5);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      Path config =
          new ServerConfig(database.url())
              .smtpPort(greenMail.getSmtp().getPort())
              .write(directory, "node.yml");
      try (InProcessServer first = new InProcessServer(config);
          InProcessServer second = new InProcessServer(config)) {
        Map<String, Set<String>> assignedSeenBy = new ConcurrentHashMap<>();
        assignedSeenBy.put("node 1", ConcurrentHashMap.newKeySet());
        assignedSeenBy.put("node 2", ConcurrentHashMap.newKeySet());
        AutoCloseable firstSubscription =
            first
                .engine()
                .subscribe(
                    event -> {
                      if (event.type() == EventType.ASSIGNED) {
                        assignedSeenBy.get("node 1").add(event.ticketId().value().toString());
                      }
                    });
        AutoCloseable secondSubscription =
            second
                .engine()
                .subscribe(
                    event -> {
                      if (event.type() == EventType.ASSIGNED) {
                        assignedSeenBy.get("node 2").add(event.ticketId().value().toString());
                      }
                    });
        long started = System.nanoTime();
        AtomicInteger turn = new AtomicInteger();
        TicketFiler filer =
            new TicketFiler(
                () -> turn.getAndIncrement() % 2 == 0 ? first.port() : second.port(),
                helpdesk.requesterToken,
                "nodes-" + UUID.randomUUID(),
                TICKETS);
        filer.run(4, Duration.ofSeconds(60));
        assertThat(filer.filed()).isEqualTo(TICKETS);
        boolean done =
            Waits.until(
                Duration.ofSeconds(60),
                () ->
                    helpdesk.state().settled()
                        && Mails.assignedMailsPerTicket(greenMail).size() >= TICKETS
                        && assignedSeenBy.values().stream().allMatch(s -> s.size() >= TICKETS));
        Waits.sleep(1_000); // a late duplicate would show up now
        firstSubscription.close();
        secondSubscription.close();

        Helpdesk.State end = helpdesk.state();
        Map<String, Integer> mails = Mails.assignedMailsPerTicket(greenMail);
        EngineMetrics.Snapshot one = first.engine().metrics().snapshot();
        EngineMetrics.Snapshot two = second.engine().metrics().snapshot();
        int analysedTwice = timesMoreThanOnce(helpdesk, "ANALYSED");
        int assignedTwice = timesMoreThanOnce(helpdesk, "ASSIGNED");
        int notifiedTwice = timesMoreThanOnce(helpdesk, "NOTIFIED");
        System.out.printf(
            "[TwoNodesFaultTest] %d tickets on 2 nodes in %.1f s (done: %s): %s%n",
            TICKETS, (System.nanoTime() - started) / 1e9, done, end);
        System.out.printf(
            "[TwoNodesFaultTest] jobs completed: node 1 %d, node 2 %d; mails sent: node 1 %d,"
                + " node 2 %d; tickets analysed/assigned/notified more than once: %d/%d/%d;"
                + " mails received %d for %d tickets%n",
            one.jobsCompleted(),
            two.jobsCompleted(),
            one.notificationsSent(),
            two.notificationsSent(),
            analysedTwice,
            assignedTwice,
            notifiedTwice,
            mails.values().stream().mapToInt(Integer::intValue).sum(),
            mails.size());
        System.out.printf(
            "[TwoNodesFaultTest] live ASSIGNED events: node 1 saw %d, node 2 saw %d of %d%n",
            assignedSeenBy.get("node 1").size(), assignedSeenBy.get("node 2").size(), TICKETS);

        assertThat(end.tickets()).isEqualTo(TICKETS);
        assertThat(end.assigned()).isEqualTo(TICKETS);
        assertThat(end.settled()).isTrue();
        assertThat(analysedTwice).as("tickets analysed twice").isZero();
        assertThat(assignedTwice).as("tickets assigned twice").isZero();
        assertThat(notifiedTwice).as("tickets notified twice").isZero();
        assertThat(mails.keySet()).containsExactlyInAnyOrderElementsOf(filer.ticketIds());
        assertThat(Mails.duplicates(mails).extraMails()).as("duplicate mails").isZero();
        assertThat(one.jobsCompleted()).as("node 1 worked").isPositive();
        assertThat(two.jobsCompleted()).as("node 2 worked").isPositive();
        assertThat(one.jobsCompleted() + two.jobsCompleted()).isEqualTo(3L * TICKETS);
        assertThat(assignedSeenBy.get("node 1"))
            .containsExactlyInAnyOrderElementsOf(filer.ticketIds());
        assertThat(assignedSeenBy.get("node 2"))
            .containsExactlyInAnyOrderElementsOf(filer.ticketIds());
      } finally {
        greenMail.stop();
      }
    }
  }

  private static int timesMoreThanOnce(Helpdesk helpdesk, String eventType) {
    return helpdesk.count(
        "SELECT count(*) FROM (SELECT ticket_id FROM ticket_event WHERE type = '"
            + eventType
            + "' GROUP BY ticket_id HAVING count(*) > 1) twice");
  }
}
