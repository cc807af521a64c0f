package io.helpdesk.store.jooq;

import io.helpdesk.core.model.Analytics;
import io.helpdesk.store.jooq.internal.FullScanAnalytics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Prints the analytics time at 1,000,000 tickets and 200 moderators on PostgreSQL (cache off),
 * beside the store's former full-scan queries timed in the same run, whether both give the same
 * figures, and the cost of creating a ticket with and without the counters. Never asserts on time.
 * Run it with {@code ./mvnw -B verify -pl core,testkit,jooq-store
 * -Dtest=PostgresAnalyticsMeasurement -Dsurefire.failIfNoSpecifiedTests=false} (add {@code
 * -Dhelpdesk.measure.tickets=100000} for a quicker run).
 */
@DisplayName("PostgreSQL analytics at 1,000,000 tickets (prints, never asserts)")
class PostgresAnalyticsMeasurement {
  private static final int TICKETS = Integer.getInteger("helpdesk.measure.tickets", 1_000_000);
  private static final int MODERATORS = 200;
  private static final int DAYS = 365;
  private static final int WINDOW_DAYS = 30;
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  @DisplayName("analytics from counters against the full-scan queries, intake cost")
  void measure() throws SQLException {
    try (TestDatabases.TestDatabase database = TestDatabases.postgres();
        JooqTicketStore store = MeasurementSeed.seed(database, TICKETS, MODERATORS, DAYS, NOW)) {
      DSLContext dsl = MeasurementSeed.dsl(database);
      Analytics counted = store.read(tx -> tx.analytics(NOW, WINDOW_DAYS));
      Analytics scanned =
          dsl.transactionResult(c -> new FullScanAnalytics(c.dsl()).compute(NOW, WINDOW_DAYS));
      System.out.printf(
          "MEASURE figures: %,d tickets, %s, %d moderators, %,d overdue, window samples %,d"
              + " assigned / %,d completed, fallback share %.3f; identical to the full scan: %s%n",
          counted.totalTickets(),
          counted.byStatus(),
          counted.moderators().size(),
          counted.overdue(),
          counted.timeToAssign().samples(),
          counted.timeToComplete().samples(),
          counted.fallbackShare(),
          counted.equals(scanned));

      MeasurementSeed.Timing now =
          MeasurementSeed.time(
              10, 200, () -> store.read(tx -> tx.analytics(NOW, WINDOW_DAYS)), () -> null);
      MeasurementSeed.Timing before =
          MeasurementSeed.time(
              2,
              15,
              () ->
                  dsl.transactionResult(
                      c -> new FullScanAnalytics(c.dsl()).compute(NOW, WINDOW_DAYS)),
              () -> null);
      MeasurementSeed.print("analytics, 30 days, from counters (cache off)", now);
      MeasurementSeed.print("analytics, 30 days, former full-scan queries (same run)", before);
      System.out.printf(
          "MEASURE analytics speed-up (former / counters, medians): %.1fx%n",
          before.p50() / now.p50());
      explain(database);
      MeasurementSeed.intake(database, store, NOW);
    }
  }

  /** The plans of the two queries that still read tickets: the window and the overdue count. */
  private static void explain(TestDatabases.TestDatabase database) throws SQLException {
    Analytics.Window window = Analytics.Window.ending(NOW, WINDOW_DAYS);
    String[] queries = {
      "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY first_assigned_at - created_at),"
          + " percentile_disc(0.9) WITHIN GROUP (ORDER BY completed_at - created_at)"
          + " FROM tickets WHERE created_at >= ? AND created_at < ?",
      "SELECT COUNT(*) FROM tickets WHERE status <> 'COMPLETED' AND due_sort < ?"
    };
    try (Connection connection = database.dataSource().getConnection()) {
      for (String query : queries) {
        try (PreparedStatement statement =
            connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
          statement.setTimestamp(
              1, Timestamp.from(query.contains("due_sort") ? NOW : window.start()));
          if (!query.contains("due_sort")) {
            statement.setTimestamp(2, Timestamp.from(window.end()));
          }
          try (ResultSet plan = statement.executeQuery()) {
            while (plan.next()) {
              System.out.println("PLAN " + plan.getString(1));
            }
          }
        }
      }
    }
  }
}
