package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.helpdesk.core.EngineMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL database, tickets filed on both: each ticket is analysed,
 * assigned and mailed exactly once, both nodes did work, and live updates reach the HTTP
 * subscribers of both nodes. On each node an admin and the requester hold {@code GET
 * /api/v1/events} open with their bearer tokens while tickets are filed alternately through both
 * nodes (a second requester files some too); the events of a ticket filed or processed on the other
 * node only reach a stream through PostgreSQL LISTEN/NOTIFY. Each admin stream must carry every
 * event in the database, the requester's streams exactly those of their own tickets that are not
 * internal; each in id order, without gap or duplicate.
 */
class TwoNodesFaultTest {
  static final int TICKETS = 200;
  static final int OTHER_TICKETS = 20;

  @TempDir Path directory;

  @Test
  @Timeout(180)
  @DisplayName("two nodes on one database: each ticket processed once, SSE reaches both nodes")
  void twoNodes() throws Exception {
    try (Databases.TestDatabase database = Databases.throwaway()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 5);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      Path config =
          new ServerConfig(database.url())
              .smtpPort(greenMail.getSmtp().getPort())
              .write(directory, "node.yml");
      List<EventStream> streams = new ArrayList<>();
      try (InProcessServer first = new InProcessServer(config);
          InProcessServer second = new InProcessServer(config)) {
        Map<Integer, String> nodeOfPort = Map.of(first.port(), "node 1", second.port(), "node 2");
        for (InProcessServer node : List.of(first, second)) {
          String name = nodeOfPort.get(node.port());
          streams.add(EventStream.open("admin on " + name, node.port(), helpdesk.adminToken));
          streams.add(
              EventStream.open("requester on " + name, node.port(), helpdesk.requesterToken));
        }
        for (EventStream stream : streams) {
          stream.awaitOpen(Duration.ofSeconds(10));
        }

        long started = System.nanoTime();
        AtomicInteger turn = new AtomicInteger();
        IntSupplier alternate =
            () -> turn.getAndIncrement() % 2 == 0 ? first.port() : second.port();
        TicketFiler filer =
            new TicketFiler(
                alternate, helpdesk.requesterToken, "nodes-" + UUID.randomUUID(), TICKETS);
        TicketFiler otherFiler =
            new TicketFiler(
                alternate,
                helpdesk.otherRequesterToken,
                "other-" + UUID.randomUUID(),
                OTHER_TICKETS);
        CompletableFuture<Void> others =
            CompletableFuture.runAsync(() -> otherFiler.run(1, Duration.ofSeconds(60)));
        filer.run(4, Duration.ofSeconds(60));
        others.join();
        assertThat(filer.filed()).isEqualTo(TICKETS);
        assertThat(otherFiler.filed()).isEqualTo(OTHER_TICKETS);
        List<String> allTicketIds = new ArrayList<>(filer.ticketIds());
        allTicketIds.addAll(otherFiler.ticketIds());
        Map<String, Integer> filedOn = new HashMap<>(filer.filedOnPort());
        filedOn.putAll(otherFiler.filedOnPort());

        String requesterEvents = "m.email = '" + Helpdesk.REQUESTER + "' AND NOT e.internal";
        boolean done =
            Waits.until(
                Duration.ofSeconds(60),
                () -> {
                  if (!helpdesk.state().settled()
                      || Mails.assignedMailsPerTicket(greenMail).size() < allTicketIds.size()) {
                    return false;
                  }
                  int all = helpdesk.events("TRUE").size();
                  int requesters = helpdesk.events(requesterEvents).size();
                  return streams.stream()
                      .allMatch(
                          s ->
                              s.events().size() >= (s.name.startsWith("admin") ? all : requesters));
                });
        Waits.sleep(1_000); // a late duplicate would show up now

        Helpdesk.State end = helpdesk.state();
        Map<String, Integer> mails = Mails.assignedMailsPerTicket(greenMail);
        EngineMetrics.Snapshot one = first.engine().metrics().snapshot();
        EngineMetrics.Snapshot two = second.engine().metrics().snapshot();
        int analysedTwice = timesMoreThanOnce(helpdesk, "ANALYSED");
        int assignedTwice = timesMoreThanOnce(helpdesk, "ASSIGNED");
        int notifiedTwice = timesMoreThanOnce(helpdesk, "NOTIFIED");
        List<String> allEvents = helpdesk.events("TRUE");
        List<String> visibleToRequester = helpdesk.events(requesterEvents);
        List<String> internalOfRequester =
            helpdesk.events("m.email = '" + Helpdesk.REQUESTER + "' AND e.internal");
        Set<String> internalTypes = new TreeSet<>();
        internalOfRequester.forEach(
            row -> internalTypes.add(row.substring(row.lastIndexOf(' ') + 1)));
        System.out.printf(
            "[TwoNodesFaultTest] %d + %d tickets (requester + other requester) filed alternately"
                + " on 2 nodes in %.1f s (done: %s): %s%n",
            TICKETS, OTHER_TICKETS, (System.nanoTime() - started) / 1e9, done, end);
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
            "[TwoNodesFaultTest] events in the database: %d; the requester may see %d of them"
                + " (not the other requester's %d tickets, not %d internal events of their own: %s)%n",
            allEvents.size(),
            visibleToRequester.size(),
            OTHER_TICKETS,
            internalOfRequester.size(),
            internalTypes);
        for (EventStream stream : streams) {
          List<EventStream.Event> received = stream.events();
          int node = stream.name.endsWith("node 1") ? first.port() : second.port();
          long ofOtherNode =
              received.stream().filter(e -> filedOn.get(e.ticketId()) != node).count();
          long distinct = received.stream().mapToLong(EventStream.Event::id).distinct().count();
          System.out.printf(
              "[TwoNodesFaultTest] SSE %s: %d events (%d of tickets filed through the other"
                  + " node), %d duplicates, in id order: %s, stream %s%s%n",
              stream.name,
              received.size(),
              ofOtherNode,
              received.size() - distinct,
              inIdOrder(received),
              stream.endReason(),
              stream.problems().isEmpty() ? "" : ", problems " + stream.problems());
        }

        assertThat(end.tickets()).isEqualTo(TICKETS + OTHER_TICKETS);
        assertThat(end.assigned()).isEqualTo(TICKETS + OTHER_TICKETS);
        assertThat(end.settled()).isTrue();
        assertThat(analysedTwice).as("tickets analysed twice").isZero();
        assertThat(assignedTwice).as("tickets assigned twice").isZero();
        assertThat(notifiedTwice).as("tickets notified twice").isZero();
        assertThat(mails.keySet()).containsExactlyInAnyOrderElementsOf(allTicketIds);
        assertThat(Mails.duplicates(mails).extraMails()).as("duplicate mails").isZero();
        assertThat(one.jobsCompleted()).as("node 1 worked").isPositive();
        assertThat(two.jobsCompleted()).as("node 2 worked").isPositive();
        assertThat(one.jobsCompleted() + two.jobsCompleted())
            .isEqualTo(3L * (TICKETS + OTHER_TICKETS));
        assertThat(filedOn.values()).as("tickets filed through both nodes").contains(first.port());
        assertThat(filedOn.values()).as("tickets filed through both nodes").contains(second.port());
        for (EventStream stream : streams) {
          List<String> expected = stream.name.startsWith("admin") ? allEvents : visibleToRequester;
          assertThat(stream.problems()).as(stream.name + ": malformed frames").isEmpty();
          assertThat(stream.ended()).as(stream.name + " ended: " + stream.endReason()).isFalse();
          // exactly the database's events (same ids, tickets and types) in the same order: nothing
          // missing, no duplicate, in id order, nothing the viewer may not see
          assertThat(stream.events().stream().map(EventStream.Event::row).toList())
              .as(stream.name + ": events received")
              .containsExactlyElementsOf(expected);
        }
        assertThat(visibleToRequester).as("the requester's own events").isNotEmpty();
        assertThat(visibleToRequester.size())
            .as("the requester's streams are filtered")
            .isLessThan(allEvents.size());
      } finally {
        streams.forEach(EventStream::close);
        greenMail.stop();
      }
    }
  }

  private static boolean inIdOrder(List<EventStream.Event> events) {
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).id() <= events.get(i - 1).id()) {
        return false;
      }
    }
    return true;
  }

  private static int timesMoreThanOnce(Helpdesk helpdesk, String eventType) {
    return helpdesk.count(
        "SELECT count(*) FROM (SELECT ticket_id FROM ticket_event WHERE type = '"
            + eventType
            + "' GROUP BY ticket_id HAVING count(*) > 1) twice");
  }
}
