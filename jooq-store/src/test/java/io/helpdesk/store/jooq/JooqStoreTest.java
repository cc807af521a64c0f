package io.helpdesk.store.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.testkit.TestData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the jOOQ store on each database: round trips of every column, both keyset
 * orders against the single definition in {@link TicketSort}, the job queue's fencing, the
 * analytics queries and the database's own constraints.
 */
abstract class JooqStoreTest {
  protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  protected abstract TestDatabases.TestDatabase database();

  protected JooqTicketStore store;
  protected Member requester;
  protected Member moderator;

  @BeforeEach
  void openStore() {
    store = JooqTicketStore.create(JooqStoreConfig.builder(database().dataSource()).build());
    database().clear();
    requester = TestData.requester("Rita", T0);
    moderator = TestData.moderator("Kim", 3, T0, "database", "kubernetes");
    store.inTransaction(
        tx -> {
          tx.insertMember(requester);
          tx.insertMember(moderator);
          return null;
        });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Ticket insert(Ticket ticket) {
    store.inTransaction(
        tx -> {
          tx.insertTicket(ticket);
          return null;
        });
    return ticket;
  }

  @Test
  @DisplayName("a ticket with every field set comes back equal, and updates bump the version")
  void ticketRoundTrip() {
    Ticket ticket =
        TestData.ticket(
                requester.id(),
                "Printer on fire",
                "It smokes",
                Optional.of(Priority.HIGH),
                Optional.of(T0.plus(Duration.ofDays(2))),
                T0)
            .withAnalysis(
                new Analysis(
                    Priority.URGENT,
                    List.of(
                        io.helpdesk.core.model.Skill.of("kubernetes"),
                        io.helpdesk.core.model.Skill.of("database")),
                    "notes",
                    "model",
                    T0.plusSeconds(1),
                    true),
                T0.plusSeconds(1))
            .withAssignment(TestData.engineAssignment(moderator.id(), T0.plusSeconds(2)), T0);
    insert(ticket);
    var result1 = store.read(tx -> tx.findTicket(ticket.id()));
    assertThat(result1).contains(ticket);

    Ticket started = ticket.withStatus(TicketStatus.IN_PROGRESS, T0.plusSeconds(3));
    Ticket written = store.inTransaction(tx -> tx.updateTicket(started));
    assertThat(written.version()).isEqualTo(1);
    var result2 = store.read(tx -> tx.findTicket(ticket.id()));
    assertThat(result2).contains(written);
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.updateTicket(started)))
        .isInstanceOf(TicketConflictException.class);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> tx.updateTicket(TestData.ticket(requester.id(), "x", T0))))
        .isInstanceOf(TicketNotFoundException.class);
    List<Candidate> candidates = store.read(tx -> tx.assignmentCandidates());
    assertThat(candidates).hasSize(1);
    assertThat(candidates.get(0).openTickets()).isEqualTo(1);
    assertThat(candidates.get(0).lastAssignedAt()).contains(T0.plusSeconds(2));
  }

  @Test
  @DisplayName("members: skills round trip, emails are unique, unknown ids are not found")
  void members() {
    var result3 = store.read(tx -> tx.findMember(moderator.id()));
    assertThat(result3).contains(moderator);
    var result4 = store.read(tx -> tx.findMemberByEmail(moderator.email().toUpperCase()));
    assertThat(result4).contains(moderator);
    Member clash =
        new Member(
            io.helpdesk.core.model.MemberId.random(),
            requester.email(),
            "Clash",
            requester.role(),
            requester.skills(),
            0,
            true,
            T0);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.insertMember(clash);
                      return null;
                    }))
        .isInstanceOf(InvalidInputException.class);
    Member changed = moderator.withSkills(TestData.skills("react")).withCapacity(7);
    store.inTransaction(
        tx -> {
          tx.updateMember(changed);
          return null;
        });
    var result5 = store.read(tx -> tx.listMembers());
    assertThat(result5)
        .containsExactly(moderator.withSkills(TestData.skills("react")).withCapacity(7), requester);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.updateMember(TestData.requester("Nobody", T0));
                      return null;
                    }))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  @DisplayName("both sort orders page without gaps or duplicates, in TicketSort's order")
  void keysetPagination() {
    SplittableRandom random = new SplittableRandom(42);
    List<Ticket> all = new ArrayList<>();
    for (int i = 0; i < 57; i++) {
      Instant created = T0.plusSeconds(random.nextInt(20));
      Optional<Instant> deadline =
          random.nextBoolean()
              ? Optional.of(T0.plus(Duration.ofHours(random.nextInt(3))))
              : Optional.empty();
      Optional<Priority> priority = Optional.of(Priority.values()[random.nextInt(4)]);
      all.add(
          insert(
              TestData.ticket(
                  requester.id(), "Ticket " + i, "about things", priority, deadline, created)));
    }
    for (TicketSort sort : TicketSort.values()) {
      List<Ticket> seen = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      do {
        TicketQuery query =
            TicketQuery.builder().sort(sort).limit(10).cursor(cursor.orElse(null)).build();
        Page<Ticket> page = store.read(tx -> tx.listTickets(query));
        seen.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor.isPresent());
      assertThat(seen).containsExactlyElementsOf(all.stream().sorted(sort.comparator()).toList());
    }
  }

  @Test
  @DisplayName("text search needs every word, in title or description, ignoring case")
  void textSearch() {
    Ticket printer =
        insert(
            TestData.ticket(
                requester.id(),
                "Printer jammed",
                "paper stuck",
                Optional.empty(),
                Optional.empty(),
                T0));
    insert(
        TestData.ticket(
            requester.id(), "VPN down", "cannot connect", Optional.empty(), Optional.empty(), T0));
    assertThat(
            store
                .read(tx -> tx.listTickets(TicketQuery.builder().text("printer PAPER").build()))
                .items())
        .containsExactly(printer);
    assertThat(
            store
                .read(tx -> tx.listTickets(TicketQuery.builder().text("printer vpn").build()))
                .items())
        .isEmpty();
  }

  @Test
  @DisplayName("comments and events: order, data, commit-ordered ids")
  void commentsAndEvents() {
    Ticket ticket = insert(TestData.ticket(requester.id(), "Hello", T0));
    Comment first = new Comment(CommentId.random(), ticket.id(), requester.id(), "one", false, T0);
    Comment second = new Comment(CommentId.random(), ticket.id(), moderator.id(), "two", true, T0);
    NewTicketEvent created =
        NewTicketEvent.about(
            ticket, EventType.CREATED, Optional.of(requester.id()), T0, false, Map.of());
    NewTicketEvent commented =
        NewTicketEvent.about(
            ticket, EventType.COMMENTED, Optional.empty(), T0, true, Map.of("a", "b \"quoted\""));
    store.inTransaction(
        tx -> {
          tx.insertComment(first);
          tx.insertComment(second);
          tx.appendEvent(created);
          tx.appendEvent(commented);
          return null;
        });
    List<TicketEvent> appended = store.read(tx -> tx.eventsAfter(0, 10));
    assertThat(appended).hasSize(2);
    assertThat(appended.get(0)).isEqualTo(created.withId(appended.get(0).id()));
    assertThat(appended.get(1)).isEqualTo(commented.withId(appended.get(1).id()));
    var result6 = store.read(tx -> tx.listComments(ticket.id()));
    assertThat(result6).containsExactly(first, second);
    var result7 = store.read(tx -> tx.listEvents(ticket.id()));
    assertThat(result7).containsExactlyElementsOf(appended);
    assertThat(appended.get(1).id()).isGreaterThan(appended.get(0).id());
    var result8 = store.read(tx -> tx.eventsAfter(appended.get(0).id(), 10));
    assertThat(result8).containsExactly(appended.get(1));
    var result9 = store.read(tx -> tx.latestEventId());
    assertThat(result9).isEqualTo(appended.get(1).id());
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.insertComment(
                          new Comment(
                              CommentId.random(),
                              io.helpdesk.core.model.TicketId.random(),
                              requester.id(),
                              "x",
                              false,
                              T0));
                      return null;
                    }))
        .isInstanceOf(TicketNotFoundException.class);
  }

  @Test
  @DisplayName("jobs: claim with lease, fencing, reschedule, dead letter, retry, prune")
  void jobLifecycle() {
    Ticket ticket = insert(TestData.ticket(requester.id(), "Job", T0));
    Job queued =
        store.inTransaction(
            tx -> tx.enqueue(new NewJob(JobType.ANALYSE, ticket.id(), Map.of("k", "v"), T0)));
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(store.claimDueJobs(T0.minusSeconds(1), Duration.ofMinutes(1), 10)).isEmpty();
    List<Job> claimed = store.claimDueJobs(T0, Duration.ofMinutes(1), 10);
    assertThat(claimed).hasSize(1);
    Job running = claimed.get(0);
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.attempts()).isEqualTo(1);
    assertThat(running.payload()).isEqualTo(Map.of("k", "v"));
    assertThat(running.leaseExpiresAt()).contains(T0.plus(Duration.ofMinutes(1)));
    assertThat(store.claimDueJobs(T0.plusSeconds(30), Duration.ofMinutes(1), 10)).isEmpty();

    Job takenOver =
        store.claimDueJobs(T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1), 10).get(0);
    assertThat(takenOver.attempts()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.completeJob(running.id(), running.lease(), T0);
                      return null;
                    }))
        .isInstanceOf(LeaseLostException.class);
    Instant later = T0.plus(Duration.ofMinutes(5));
    store.inTransaction(
        tx -> {
          tx.rescheduleJob(takenOver.id(), takenOver.lease(), later, "boom", T0);
          return null;
        });
    Job again = store.claimDueJobs(later, Duration.ofMinutes(1), 10).get(0);
    assertThat(again.lastError()).contains("boom");
    store.inTransaction(
        tx -> {
          tx.deadLetterJob(again.id(), again.lease(), "dead", later);
          return null;
        });
    var result10 = store.read(tx -> tx.countJobs(JobStatus.DEAD));
    assertThat(result10).isEqualTo(1);
    Job retried = store.inTransaction(tx -> tx.retryDeadJob(again.id(), later));
    assertThat(retried.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retried.attempts()).isZero();
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.retryDeadJob(again.id(), later)))
        .isInstanceOf(NotFoundException.class);
    Job last = store.claimDueJobs(later, Duration.ofMinutes(1), 10).get(0);
    store.inTransaction(
        tx -> {
          tx.completeJob(last.id(), last.lease(), later);
          return null;
        });
    var result11 = store.read(tx -> tx.listJobs(JobStatus.DONE, 10));
    assertThat(result11).extracting(Job::id).containsExactly(last.id());
    int pruned = store.inTransaction(tx -> tx.pruneDoneJobs(later));
    assertThat(pruned).isZero();
    assertThat(store.pruneDoneJobs(later.plus(Duration.ofDays(8)))).isEqualTo(1);
    var result12 = store.read(tx -> tx.findJob(last.id()));
    assertThat(result12).isEmpty();
  }

  @Test
  @DisplayName("analytics: counts, per-day window, nearest-rank percentiles, loads, overdue")
  void analytics() {
    Instant now = T0.plus(Duration.ofDays(1));
    for (int i = 1; i <= 4; i++) {
      Ticket ticket =
          TestData.ticket(
                  requester.id(),
                  "T" + i,
                  "d",
                  Optional.of(Priority.LOW),
                  Optional.of(T0.plusSeconds(60)),
                  T0.minus(Duration.ofDays(i % 2)))
              .withAnalysis(TestData.analysis(Priority.HIGH, T0), T0);
      if (i <= 2) {
        ticket =
            ticket.withAssignment(
                TestData.engineAssignment(moderator.id(), ticket.createdAt().plusSeconds(i * 10L)),
                T0);
      }
      if (i == 1) {
        ticket = ticket.withStatus(TicketStatus.COMPLETED, ticket.createdAt().plusSeconds(100));
      }
      insert(ticket);
    }
    Analytics analytics = store.read(tx -> tx.analytics(now, 3));
    assertThat(analytics.totalTickets()).isEqualTo(4);
    assertThat(analytics.byStatus())
        .containsEntry(TicketStatus.COMPLETED, 1L)
        .containsEntry(TicketStatus.TODO, 3L);
    assertThat(analytics.byPriority())
        .containsEntry(Priority.HIGH, 3L)
        .containsEntry(Priority.LOW, 0L);
    assertThat(analytics.createdPerDay())
        .extracting(Analytics.DayCount::count)
        .containsExactly(2L, 2L, 0L);
    assertThat(analytics.timeToAssign().median()).contains(Duration.ofSeconds(10));
    assertThat(analytics.timeToAssign().p90()).contains(Duration.ofSeconds(20));
    assertThat(analytics.timeToComplete().median()).contains(Duration.ofSeconds(100));
    assertThat(analytics.moderators()).hasSize(1);
    assertThat(analytics.moderators().get(0).open()).isEqualTo(1);
    assertThat(analytics.moderators().get(0).completed()).isEqualTo(1);
    assertThat(analytics.overdue()).isEqualTo(3);
    assertThat(analytics.fallbackShare()).isZero();
  }

  @Test
  @DisplayName(
      "the database itself rejects an unknown status and a negative capacity, and derives the"
          + " priority order")
  void constraints() throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "INSERT INTO members (id, email, display_name, role, capacity, active, created_at)"
                          + " VALUES ('00000000-0000-0000-0000-000000000001', 'x@example.com', 'X',"
                          + " 'MODERATOR', -1, TRUE, CURRENT_TIMESTAMP)"))
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?is).*members_capacity_check.*");
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "INSERT INTO tickets (id, title, description, requester_id, status,"
                          + " effective_priority, due_sort, needs_triage, version, created_at,"
                          + " updated_at) VALUES ('00000000-0000-0000-0000-000000000002', 't', 'd', '"
                          + requester.id()
                          + "', 'WAITING', 1, CURRENT_TIMESTAMP, FALSE, 0, CURRENT_TIMESTAMP,"
                          + " CURRENT_TIMESTAMP)"))
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?is).*tickets_status_check.*");
      statement.execute(
          "INSERT INTO tickets (id, title, description, requester_id, status,"
              + " effective_priority, due_sort, needs_triage, version, created_at,"
              + " updated_at) VALUES ('00000000-0000-0000-0000-000000000003', 't', 'd', '"
              + requester.id()
              + "', 'TODO', 3, CURRENT_TIMESTAMP, FALSE, 0, CURRENT_TIMESTAMP,"
              + " CURRENT_TIMESTAMP)");
      try (var order =
          statement.executeQuery(
              "SELECT priority_order FROM tickets"
                  + " WHERE id = '00000000-0000-0000-0000-000000000003'")) {
        assertThat(order.next()).isTrue();
        assertThat(order.getInt(1)).as("the database derives the priority order").isZero();
      }
    }
  }

  @Test
  @DisplayName("transactions roll back on failure and do not nest")
  void transactions() {
    Ticket ticket = TestData.ticket(requester.id(), "Rolled back", T0);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.insertTicket(ticket);
                      throw new IllegalStateException("no");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no");
    var result13 = store.read(tx -> tx.findTicket(ticket.id()));
    assertThat(result13).isEmpty();
    assertThatThrownBy(() -> store.inTransaction(tx -> store.read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);
  }
}
