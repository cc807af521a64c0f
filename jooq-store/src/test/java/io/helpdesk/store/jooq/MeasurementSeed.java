package io.helpdesk.store.jooq;

import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.store.jooq.internal.Migrations;
import io.helpdesk.store.jooq.internal.TicketRows;
import io.helpdesk.testkit.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Bulk data for the opt-in PostgreSQL measurements, seeded the way an existing installation is
 * upgraded: the schema as it was before the analytics counters (V2), tickets written with one
 * {@code INSERT ... SELECT generate_series}, then the store opens and migrates (V3, V4: counters
 * filled from the tickets, indexes built), then {@code VACUUM ANALYZE}.
 *
 * <p>The tickets: one requester, {@code moderators} moderators each assigned an equal share;
 * creation times evenly over {@code days} days before {@code now}, oldest first; tickets older than
 * 14 days are completed (but one in 20), newer ones a third each TODO, IN_PROGRESS, COMPLETED; a
 * third have a deadline 1 to 9 days after creation; three in four are analysed, one analysis in ten
 * is a fallback; assigned 0 to 119 minutes after creation, completed 1 to 11 hours after.
 */
final class MeasurementSeed {
  private MeasurementSeed() {}

  /** Seeds, migrates and analyses; prints the time of each step; returns the migrated store. */
  static JooqTicketStore seed(
      TestDatabases.TestDatabase database, int tickets, int moderators, int days, Instant now)
      throws SQLException {
    String root = "classpath:io/helpdesk/store/jooq/migration/";
    Flyway.configure()
        .dataSource(database.dataSource())
        .locations(root + "common", root + "postgresql")
        .table(Migrations.HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .target("2")
        .load()
        .migrate();
    long start = System.nanoTime();
    try (Connection connection = database.dataSource().getConnection()) {
      try (PreparedStatement members =
          connection.prepareStatement(
              "INSERT INTO members (id, email, display_name, role, capacity, active, created_at)"
                  + " SELECT gen_random_uuid(), 'moderator' || g || '@example.com',"
                  + " 'Moderator ' || g, 'MODERATOR', 1000, TRUE, ?::timestamptz FROM generate_series(1, ?) g"
                  + " UNION ALL SELECT '00000000-0000-0000-0000-00000000000a'::uuid,"
                  + " 'rita@example.com', 'Rita', 'USER', 0, TRUE, ?::timestamptz")) {
        members.setTimestamp(1, Timestamp.from(now));
        members.setInt(2, moderators);
        members.setTimestamp(3, Timestamp.from(now));
        members.executeUpdate();
      }
      String sql =
          "INSERT INTO tickets (id, title, description, requester_id, status, priority_override,"
              + " effective_priority, deadline, due_sort, analysis_priority, analysis_notes,"
              + " analysis_produced_by, analysis_at, analysis_fallback, assignee_id,"
              + " assignment_source, assignment_score, assignment_reason, assigned_at,"
              + " first_assigned_at, needs_triage, version, created_at, updated_at, completed_at)"
              + " SELECT gen_random_uuid(), 'Ticket ' || g, 'Description of ticket ' || g,"
              + " '00000000-0000-0000-0000-00000000000a', s.status, p.name, p.rank, d.deadline,"
              + " COALESCE(d.deadline, TIMESTAMPTZ '9999-12-31 00:00:00+00'),"
              + " CASE WHEN g % 4 <> 0 THEN p.name END, CASE WHEN g % 4 <> 0 THEN 'seed' END,"
              + " CASE WHEN g % 4 <> 0 THEN 'keyword' END,"
              + " CASE WHEN g % 4 <> 0 THEN c.created + INTERVAL '1 minute' END,"
              + " CASE WHEN g % 4 <> 0 THEN g % 10 = 1 END,"
              + " m.ids[1 + g % m.n], 'ENGINE', 1.0, 'seed',"
              + " c.created + (g % 120) * INTERVAL '1 minute',"
              + " c.created + (g % 120) * INTERVAL '1 minute', FALSE, 0, c.created, c.created,"
              + " CASE WHEN s.status = 'COMPLETED'"
              + " THEN c.created + INTERVAL '1 hour' + (g % 600) * INTERVAL '1 minute' END"
              + " FROM (SELECT array_agg(id ORDER BY id) AS ids, COUNT(*)::int AS n FROM members"
              + " WHERE role = 'MODERATOR') m,"
              + " generate_series(1, ?) AS g,"
              + " LATERAL (SELECT ?::timestamptz - (? - g)::bigint * ? * INTERVAL '1 second'"
              + " AS created) c,"
              + " LATERAL (SELECT (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + g % 4] AS name,"
              + " (g % 4)::smallint AS rank) p,"
              + " LATERAL (SELECT CASE WHEN ?::timestamptz - c.created > INTERVAL '14 days'"
              + " AND g % 20 <> 0 THEN 'COMPLETED'"
              + " ELSE (ARRAY['TODO','IN_PROGRESS','COMPLETED'])[1 + g % 3] END AS status) s,"
              + " LATERAL (SELECT CASE WHEN g % 3 = 0"
              + " THEN c.created + (24 + g % 200) * INTERVAL '1 hour' END AS deadline) d";
      try (Statement settings = connection.createStatement()) {
        settings.execute("SET synchronous_commit = off");
        settings.execute("SET maintenance_work_mem = '256MB'");
      }
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        insert.setInt(1, tickets);
        insert.setTimestamp(2, Timestamp.from(now));
        insert.setInt(3, tickets);
        insert.setDouble(4, days * 86_400.0 / tickets);
        insert.setTimestamp(5, Timestamp.from(now));
        insert.executeUpdate();
      }
    }
    System.out.printf(
        "MEASURE seeded %,d tickets and %d moderators in %.1f s%n",
        tickets, moderators, (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    JooqTicketStore store =
        JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build());
    System.out.printf(
        "MEASURE migration V3+V4 (counter tables, backfill, index) on %,d tickets: %.1f s%n",
        tickets, (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
    }
    System.out.printf("MEASURE VACUUM ANALYZE: %.1f s%n", (System.nanoTime() - start) / 1e9);
    return store;
  }

  /** The requester every seeded ticket belongs to. */
  static final MemberId REQUESTER =
      new MemberId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));

  /**
   * Creating a ticket through the store (its row plus the counters) against inserting the same row
   * alone, as the store did before the counters; alternated run by run so that both see the same
   * load. Then a status change through the store (row plus counters). Prints p50/p90/p99 and the
   * ratio of medians.
   */
  static void intake(TestDatabases.TestDatabase database, JooqTicketStore store, Instant now) {
    DSLContext dsl = dsl(database);
    int runs = 400;
    long[] withCounters = new long[runs];
    long[] rowOnly = new long[runs];
    List<Ticket> created = new ArrayList<>();
    for (int i = -50; i < runs; i++) {
      Ticket counted = TestData.ticket(REQUESTER, "Intake " + i, now);
      Ticket plain = TestData.ticket(REQUESTER, "Plain " + i, now);
      long start = System.nanoTime();
      store.inTransaction(
          tx -> {
            tx.insertTicket(counted);
            return null;
          });
      long middle = System.nanoTime();
      dsl.transaction(c -> TicketRows.insertWithoutCounters(c.dsl(), plain, Optional.empty()));
      long end = System.nanoTime();
      if (i >= 0) {
        withCounters[i] = (middle - start) / 1_000;
        rowOnly[i] = (end - middle) / 1_000;
        created.add(counted);
      }
    }
    Timing counted = timing(withCounters);
    Timing plain = timing(rowOnly);
    print("create ticket through the store (row + counters)", counted);
    print("create ticket, row only (the store before the counters)", plain);
    System.out.printf(
        "MEASURE ticket-create cost with counters / without: %.2fx (medians)%n",
        counted.p50() / plain.p50());
    int[] intakes = {0};
    print(
        "intake transaction through the store (ticket + CREATED event + ANALYSE job)",
        time(
            20,
            runs,
            () ->
                store.inTransaction(
                    tx -> {
                      Ticket ticket = TestData.ticket(REQUESTER, "Intake tx " + intakes[0]++, now);
                      tx.insertTicket(ticket);
                      tx.appendEvent(
                          NewTicketEvent.about(
                              ticket, EventType.CREATED, Optional.empty(), now, false, Map.of()));
                      return tx.enqueue(new NewJob(JobType.ANALYSE, ticket.id(), Map.of(), now));
                    }),
            () -> null));
    int[] next = {0};
    print(
        "status change TODO -> IN_PROGRESS through the store",
        time(
            0,
            runs,
            () -> {
              Ticket ticket = created.get(next[0]++);
              return store.inTransaction(
                  tx -> tx.updateTicket(ticket.withStatus(TicketStatus.IN_PROGRESS, now)));
            },
            () -> null));
  }

  static DSLContext dsl(TestDatabases.TestDatabase database) {
    return DSL.using(
        database.dataSource(),
        SQLDialect.POSTGRES,
        new Settings()
            .withExecuteLogging(false)
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
  }

  /** Median, 90th and 99th percentile (nearest rank) of timed runs, in milliseconds. */
  record Timing(double p50, double p90, double p99, int runs) {}

  /** Warms up, then times {@code repeats} runs of {@code work}, each after an untimed prepare. */
  static Timing time(int warmups, int repeats, Supplier<?> work, Supplier<?> prepare) {
    for (int i = 0; i < warmups; i++) {
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
    return timing(micros);
  }

  private static Timing timing(long[] runs) {
    long[] micros = runs.clone();
    int repeats = micros.length;
    Arrays.sort(micros);
    return new Timing(
        rank(micros, 0.5) / 1000.0,
        rank(micros, 0.9) / 1000.0,
        rank(micros, 0.99) / 1000.0,
        repeats);
  }

  private static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static void print(String name, Timing timing) {
    System.out.printf(
        "MEASURE %-58s p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  (%d runs)%n",
        name, timing.p50(), timing.p90(), timing.p99(), timing.runs());
  }
}
