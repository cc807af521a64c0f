package io.helpdesk.store.jooq;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.testkit.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Prints the time of a claim-and-complete round trip and of the moderator-queue query on 100,000
 * tickets (median of repeats). Never asserts on time. Run it with {@code ./mvnw -B verify -pl
 * jooq-store -Dtest=PostgresMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("PostgreSQL measurements (prints, never asserts)")
class PostgresMeasurement {
  private static final int TICKETS = 100_000;
  private static final int MODERATORS = 50;
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  @DisplayName("claim-and-complete round trip, moderator queue on 100,000 tickets")
  void measure() throws SQLException {
    try (TestDatabases.TestDatabase database = TestDatabases.postgres();
        JooqTicketStore store =
            JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build())) {
      Member requester = TestData.requester("Rita", NOW);
      List<Member> moderators = new ArrayList<>();
      for (int i = 0; i < MODERATORS; i++) {
        moderators.add(TestData.moderator("Moderator " + i, 1000, NOW, "database"));
      }
      store.inTransaction(
          tx -> {
            tx.insertMember(requester);
            moderators.forEach(tx::insertMember);
            return null;
          });
      long seedStart = System.nanoTime();
      seed(database, requester, moderators);
      System.out.printf(
          "seeded %,d tickets in %d ms%n", TICKETS, (System.nanoTime() - seedStart) / 1_000_000);

      Member kim = moderators.get(7);
      TicketQuery queue =
          TicketQuery.builder()
              .assignee(kim.id())
              .statuses(Set.of(TicketStatus.TODO, TicketStatus.IN_PROGRESS))
              .sort(TicketSort.PRIORITY)
              .limit(50)
              .build();
      Page<Ticket> first = store.read(tx -> tx.listTickets(queue));
      TicketQuery secondPage = queue.toBuilder().cursor(first.nextCursor().orElseThrow()).build();
      report(
          "moderator queue, first page of 50", 200, () -> store.read(tx -> tx.listTickets(queue)));
      report(
          "moderator queue, second page of 50",
          200,
          () -> store.read(tx -> tx.listTickets(secondPage)));
      TicketQuery mine = TicketQuery.builder().requester(requester.id()).limit(50).build();
      report(
          "requester's tickets newest first, page of 50",
          200,
          () -> store.read(tx -> tx.listTickets(mine)));
      report(
          "admin list, status TODO by priority, page of 50",
          200,
          () ->
              store.read(
                  tx ->
                      tx.listTickets(
                          TicketQuery.builder()
                              .status(TicketStatus.TODO)
                              .sort(TicketSort.PRIORITY)
                              .build())));
      report(
          "text search 'ticket 4242', page of 50",
          100,
          () ->
              store.read(tx -> tx.listTickets(TicketQuery.builder().text("ticket 4242").build())));
      report("analytics over 30 days", 20, () -> store.read(tx -> tx.analytics(NOW, 30)));
      report(
          "claim-and-complete round trip (1 job)",
          300,
          () -> {
            List<Job> claimed = store.claimDueJobs(NOW, Duration.ofMinutes(5), 1);
            store.inTransaction(
                tx -> {
                  tx.completeJob(claimed.get(0).id(), claimed.get(0).lease(), NOW);
                  return null;
                });
            return claimed;
          },
          () ->
              store.inTransaction(
                  tx ->
                      tx.enqueue(
                          new NewJob(JobType.NOTIFY, first.items().get(0).id(), Map.of(), NOW))));
      explain(database, kim);
    }
  }

  private static void seed(
      TestDatabases.TestDatabase database, Member requester, List<Member> moderators)
      throws SQLException {
    String sql =
        "INSERT INTO tickets (id, title, description, requester_id, status, priority_override,"
            + " effective_priority, deadline, due_sort, assignee_id, assignment_source,"
            + " assignment_score, assignment_reason, assigned_at, first_assigned_at, needs_triage,"
            + " version, created_at, updated_at, completed_at)"
            + " SELECT gen_random_uuid(), 'Ticket ' || g, 'Description of ticket ' || g, ?,"
            + " s.status, (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + g % 4], g % 4,"
            + " CASE WHEN g % 3 = 0 THEN ?::timestamptz + (g % 500) * INTERVAL '1 hour' END,"
            + " COALESCE(CASE WHEN g % 3 = 0 THEN ?::timestamptz + (g % 500) * INTERVAL '1 hour'"
            + " END, TIMESTAMPTZ '9999-12-31 00:00:00+00'),"
            + " (?::uuid[])[1 + g % ?], 'ENGINE', 1.0, 'seed', c.created + INTERVAL '5 minutes',"
            + " c.created + INTERVAL '5 minutes', FALSE, 0, c.created, c.created,"
            + " CASE WHEN s.status = 'COMPLETED' THEN c.created + INTERVAL '2 hours' END"
            + " FROM generate_series(1, ?) AS g,"
            + " LATERAL (SELECT (ARRAY['TODO','IN_PROGRESS','COMPLETED','COMPLETED'])[1 + (g / 7) % 4]"
            + " AS status) s,"
            + " LATERAL (SELECT ?::timestamptz - (g % 90000) * INTERVAL '1 minute' AS created) c";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setObject(1, requester.id().value());
      insert.setObject(2, java.sql.Timestamp.from(NOW));
      insert.setObject(3, java.sql.Timestamp.from(NOW));
      insert.setArray(
          4,
          connection.createArrayOf(
              "uuid", moderators.stream().map(member -> member.id().value()).toArray()));
      insert.setInt(5, moderators.size());
      insert.setInt(6, TICKETS);
      insert.setObject(7, java.sql.Timestamp.from(NOW));
      insert.executeUpdate();
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM ANALYZE tickets");
      }
    }
  }

  private static void report(String name, int repeats, Supplier<?> work) {
    report(name, repeats, work, () -> null);
  }

  /** Runs {@code prepare} untimed before each timed {@code work}; prints the median and p90. */
  private static void report(String name, int repeats, Supplier<?> work, Supplier<?> prepare) {
    for (int i = 0; i < Math.min(20, repeats); i++) {
      prepare.get();
      work.get();
    }
    long[] micros = new long[repeats];
    for (int i = 0; i < repeats; i++) {
      prepare.get();
      long start = System.nanoTime();
      work.get();
      micros[i] = (System.nanoTime() - start) / 1_000;
    }
    Arrays.sort(micros);
    System.out.printf(
        "MEASURE %-50s median %7.2f ms   p90 %7.2f ms   (%d runs)%n",
        name, micros[repeats / 2] / 1000.0, micros[repeats * 9 / 10] / 1000.0, repeats);
  }

  private static void explain(TestDatabases.TestDatabase database, Member moderator)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "EXPLAIN SELECT * FROM tickets WHERE status IN ('TODO', 'IN_PROGRESS')"
                    + " AND status <> 'COMPLETED' AND assignee_id = ?"
                    + " ORDER BY effective_priority DESC, due_sort, created_at, id LIMIT 51")) {
      statement.setObject(1, moderator.id().value());
      try (ResultSet plan = statement.executeQuery()) {
        while (plan.next()) {
          System.out.println("PLAN " + plan.getString(1));
        }
      }
    }
  }
}
