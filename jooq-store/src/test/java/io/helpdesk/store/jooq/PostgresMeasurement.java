package io.helpdesk.store.jooq;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.StoreTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Prints the time of a claim-and-complete round trip, of the moderator-queue query and other lists
 * on 100,000 tickets, of the analytics, and of creating a ticket with and without the analytics
 * counters (p50/p90/p99 of repeats). Never asserts on time. Run it with {@code ./mvnw -B verify -pl
 * core,testkit,jooq-store -Dtest=PostgresMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("PostgreSQL measurements (prints, never asserts)")
class PostgresMeasurement {
  private static final int TICKETS = 100_000;
  private static final int MODERATORS = 50;
  private static final int DAYS = 62;
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  @DisplayName("claim-and-complete round trip, moderator queue on 100,000 tickets, intake cost")
  void measure() throws SQLException {
    try (TestDatabases.TestDatabase database = TestDatabases.postgres();
        JooqTicketStore store = MeasurementSeed.seed(database, TICKETS, MODERATORS, DAYS, NOW)) {
      List<Member> moderators =
          store.read(StoreTransaction::listMembers).stream()
              .filter(member -> member.role() == Role.MODERATOR)
              .toList();
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
      TicketQuery mine =
          TicketQuery.builder().requester(MeasurementSeed.REQUESTER).limit(50).build();
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
      report("analytics over 30 days", 50, () -> store.read(tx -> tx.analytics(NOW, 30)));
      MeasurementSeed.print(
          "claim-and-complete round trip (1 job)",
          MeasurementSeed.time(
              20,
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
                              new NewJob(
                                  JobType.NOTIFY, first.items().get(0).id(), Map.of(), NOW)))));
      MeasurementSeed.intake(database, store, NOW);
      explain(database, kim);
    }
  }

  private static void report(String name, int repeats, Supplier<?> work) {
    MeasurementSeed.print(
        name, MeasurementSeed.time(Math.min(20, repeats), repeats, work, () -> null));
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
