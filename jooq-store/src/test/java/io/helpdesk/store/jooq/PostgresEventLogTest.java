package io.helpdesk.store.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.testkit.TestData;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PostgreSQL: writers and assignment decisions in parallel, events in commit order")
class PostgresEventLogTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static TestDatabases.TestDatabase database;

  private JooqTicketStore store;
  private Ticket ticket;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabases.postgres();
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @BeforeEach
  void openStore() {
    store = JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build());
    database.clear();
    Member requester = TestData.requester("Rita", NOW);
    ticket = TestData.ticket(requester.id(), "Printer jam", NOW);
    store.inTransaction(
        tx -> {
          tx.insertMember(requester);
          tx.insertTicket(ticket);
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private NewTicketEvent event(EventType type) {
    return NewTicketEvent.about(ticket, type, Optional.empty(), NOW, false, Map.of());
  }

  @Test
  @DisplayName(
      "a writer commits while another's event is still uncommitted, and comes first in the log")
  void writersDoNotWaitForEachOther() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch appended = new CountDownLatch(1);
      CountDownLatch secondCommitted = new CountDownLatch(1);
      Future<Boolean> first =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.appendEvent(event(EventType.COMMENTED));
                        appended.countDown();
                        // Open, holding an appended event, until the other writer has committed.
                        return awaitQuietly(secondCommitted);
                      }));
      assertThat(appended.await(20, TimeUnit.SECONDS)).isTrue();

      store.inTransaction(
          tx -> {
            tx.appendEvent(event(EventType.STATUS_CHANGED));
            return null;
          });
      secondCommitted.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS))
          .as("the second writer committed while the first was open")
          .isTrue();
      List<TicketEvent> log = store.read(tx -> tx.eventsAfter(0, 10));
      assertThat(log)
          .extracting(TicketEvent::type)
          .as("commit order, not append order")
          .containsExactly(EventType.STATUS_CHANGED, EventType.COMMENTED);
      assertThat(log).extracting(TicketEvent::id).containsExactly(1L, 2L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "a decision for one moderator does not wait for one for another; for the same, it does")
  void decisionsLockOneModerator() throws Exception {
    Member mia = TestData.moderator("Mia", 1, NOW);
    Member max = TestData.moderator("Max", 1, NOW);
    Ticket second = TestData.ticket(ticket.requester(), "Second", NOW);
    store.inTransaction(
        tx -> {
          tx.insertMember(mia);
          tx.insertMember(max);
          tx.insertTicket(second);
          return null;
        });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch otherDecided = new CountDownLatch(1);
      Future<Boolean> miaDecision =
          pool.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.lockCandidate(mia.id()).orElseThrow();
                        tx.updateTicket(
                            ticket.withAssignment(TestData.engineAssignment(mia.id(), NOW), NOW));
                        locked.countDown();
                        return awaitQuietly(otherDecided);
                      }));
      assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();

      store.inTransaction(
          tx -> {
            assertThat(tx.lockCandidate(max.id()).orElseThrow().hasRoom()).isTrue();
            tx.updateTicket(second.withAssignment(TestData.engineAssignment(max.id(), NOW), NOW));
            return null;
          });
      otherDecided.countDown();
      assertThat(miaDecision.get(30, TimeUnit.SECONDS))
          .as("Max's decision committed while Mia was locked")
          .isTrue();

      // Mia's only slot is taken: a decision that waited for her lock sees it.
      boolean roomForMia =
          store.inTransaction(tx -> tx.lockCandidate(mia.id()).orElseThrow().hasRoom());
      assertThat(roomForMia).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  @DisplayName("events a crashed node committed but never numbered are numbered when a store opens")
  void leftoversNumberedAtOpen() throws Exception {
    store.inTransaction(
        tx -> {
          tx.appendEvent(event(EventType.CREATED));
          return null;
        });
    // What a node leaves behind when it dies between its commit and the numbering pass.
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO ticket_event (ticket_id, type, at, requester_id, internal, data)"
              + " SELECT ticket_id, 'ANALYSED', at, requester_id, internal, data"
              + " FROM ticket_event");
    }
    List<TicketEvent> numbered = store.read(tx -> tx.eventsAfter(0, 10));
    assertThat(numbered).extracting(TicketEvent::type).containsExactly(EventType.CREATED);
    List<TicketEvent> history = store.read(tx -> tx.listEvents(ticket.id()));
    assertThat(history)
        .as("a ticket's history shows it, last and not yet numbered")
        .extracting(TicketEvent::type, TicketEvent::id)
        .containsExactly(tuple(EventType.CREATED, 1L), tuple(EventType.ANALYSED, 0L));

    try (JooqTicketStore restarted =
        JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build())) {
      List<TicketEvent> log = restarted.read(tx -> tx.eventsAfter(0, 10));
      assertThat(log)
          .extracting(TicketEvent::type, TicketEvent::id)
          .containsExactly(tuple(EventType.CREATED, 1L), tuple(EventType.ANALYSED, 2L));
    }
  }
}
