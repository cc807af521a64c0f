package io.helpdesk.store.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.store.jooq.internal.FullScanAnalytics;
import io.helpdesk.store.jooq.internal.Migrations;
import io.helpdesk.store.jooq.internal.TicketRows;
import io.helpdesk.testkit.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The analytics the store answers from its counters, checked against the same figures computed
 * straight from the tickets table ({@link FullScanAnalytics}, the store's former queries) after
 * random workloads, and after the migration that fills the counters from existing tickets.
 */
@DisplayName("Analytics counters against a full scan of the tickets")
class AnalyticsCountersTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
  private static final int[] WINDOWS = {1, 7, 30, 60};

  abstract static class Checks {
    abstract Supplier<TestDatabases.TestDatabase> databases();

    @Test
    @DisplayName("after 300 random transactions (some rolled back) every figure equals a full scan")
    void randomWorkload() {
      try (TestDatabases.TestDatabase database = databases().get();
          JooqTicketStore store =
              JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build())) {
        Workload workload = new Workload(new Random(20260302), members());
        store.inTransaction(
            tx -> {
              workload.members.forEach(tx::insertMember);
              return null;
            });
        workload.run(store, 300);

        assertMatchesFullScan(database, store);
      }
    }

    @Test
    @DisplayName("the migration fills the counters from tickets written before it; writes go on")
    void backfill() {
      try (TestDatabases.TestDatabase database = databases().get()) {
        SQLDialect dialect = JooqTicketStore.dialectOf(jdbcUrl(database));
        flyway(database, dialect).target("2").load().migrate();
        Random random = new Random(7);
        Workload workload = new Workload(random, members());
        DSLContext dsl = dsl(database, dialect);
        workload.members.forEach(
            member ->
                dsl.execute(
                    "INSERT INTO members (id, email, display_name, role, capacity, active,"
                        + " created_at) VALUES ({0}, {1}, {2}, {3}, {4}, TRUE, {5})",
                    member.id().value(),
                    member.email(),
                    member.displayName(),
                    member.role().name(),
                    member.capacity(),
                    member.createdAt()));
        for (int i = 0; i < 200; i++) {
          Ticket ticket = workload.newTicket();
          Optional<Instant> firstAssigned = Optional.empty();
          for (int change = random.nextInt(5); change > 0; change--) {
            Ticket changed = workload.changed(ticket);
            if (firstAssigned.isEmpty() && changed.assignment().isPresent()) {
              firstAssigned = changed.assignment().map(Assignment::assignedAt);
            }
            ticket = changed;
          }
          TicketRows.insertWithoutCounters(dsl, ticket, firstAssigned);
        }

        try (JooqTicketStore store =
            JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build())) {
          Analytics filled = store.read(tx -> tx.analytics(NOW, 60));
          assertThat(filled.totalTickets()).isEqualTo(200);
          assertMatchesFullScan(database, store);

          workload.run(store, 50);
          assertMatchesFullScan(database, store);
        }
      }
    }

    private static String jdbcUrl(TestDatabases.TestDatabase database) {
      return database.dataSource().getJdbcUrl();
    }

    private static FluentConfiguration flyway(
        TestDatabases.TestDatabase database, SQLDialect dialect) {
      String root = "classpath:io/helpdesk/store/jooq/migration/";
      return Flyway.configure()
          .dataSource(database.dataSource())
          .locations(root + "common", root + (dialect == SQLDialect.POSTGRES ? "postgresql" : "h2"))
          .table(Migrations.HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0");
    }

    private static DSLContext dsl(TestDatabases.TestDatabase database, SQLDialect dialect) {
      return DSL.using(
          database.dataSource(),
          dialect,
          new Settings()
              .withExecuteLogging(false)
              .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }

    private static void assertMatchesFullScan(
        TestDatabases.TestDatabase database, JooqTicketStore store) {
      DSLContext dsl = dsl(database, store.dialect());
      for (int days : WINDOWS) {
        Analytics counted = store.read(tx -> tx.analytics(NOW, days));
        Analytics scanned =
            dsl.transactionResult(c -> new FullScanAnalytics(c.dsl()).compute(NOW, days));
        assertThat(counted).as("analytics over %d days", days).isEqualTo(scanned);
      }
    }
  }

  private static List<Member> members() {
    Instant joined = NOW.minus(Duration.ofDays(90));
    List<Member> members = new ArrayList<>();
    members.add(TestData.requester("Rita", joined));
    members.add(TestData.admin("Ada", joined));
    for (String name : List.of("Mia", "Noah", "Olga", "Pete")) {
      members.add(TestData.moderator(name, 50, joined));
    }
    return members;
  }

  /** Seeded random tickets and changes to them, written through the store. */
  private static final class Workload {
    private final Random random;
    private final List<Member> members;
    private final List<Member> moderators;
    private final List<Ticket> tickets = new ArrayList<>();

    Workload(Random random, List<Member> members) {
      this.random = random;
      this.members = members;
      this.moderators =
          members.stream().filter(member -> member.role().name().equals("MODERATOR")).toList();
    }

    /** Runs transactions of one to four writes; every tenth one is rolled back at its end. */
    void run(JooqTicketStore store, int transactions) {
      for (int number = 0; number < transactions; number++) {
        List<Ticket> before = new ArrayList<>(tickets);
        boolean rollBack = number % 10 == 9;
        int writes = 1 + random.nextInt(4);
        try {
          store.inTransaction(
              tx -> {
                for (int write = 0; write < writes; write++) {
                  write(tx);
                }
                if (rollBack) {
                  throw new IllegalStateException("rolled back");
                }
                return null;
              });
        } catch (IllegalStateException e) {
          tickets.clear();
          tickets.addAll(before);
        }
      }
    }

    private void write(StoreTransaction tx) {
      if (tickets.isEmpty() || random.nextInt(10) < 3) {
        Ticket ticket = newTicket();
        tx.insertTicket(ticket);
        tickets.add(ticket);
        return;
      }
      int index = random.nextInt(tickets.size());
      tickets.set(index, tx.updateTicket(changed(tickets.get(index))));
    }

    Ticket newTicket() {
      Instant created = NOW.minusSeconds(random.nextInt(50 * 86_400));
      Optional<Instant> deadline =
          random.nextBoolean()
              ? Optional.of(created.plusSeconds(random.nextInt(20 * 86_400)))
              : Optional.empty();
      Ticket ticket =
          Ticket.newTicket(
              TicketId.random(),
              members.get(0).id(),
              new NewTicket("Ticket", "Description", optionalPriority(), deadline),
              created);
      return random.nextInt(5) == 0 ? ticket.withAssignment(assignment(ticket), created) : ticket;
    }

    Ticket changed(Ticket ticket) {
      Instant at = ticket.updatedAt().plusSeconds(1 + random.nextInt(7_200));
      return switch (random.nextInt(5)) {
        case 0 ->
            ticket.withAnalysis(
                new Analysis(
                    Priority.values()[random.nextInt(4)],
                    List.of(),
                    "notes",
                    "test",
                    at,
                    random.nextBoolean()),
                at);
        case 1 -> ticket.withAssignment(assignment(ticket), at);
        case 2 -> ticket.withPriorityOverride(optionalPriority(), at);
        default -> ticket.withStatus(TicketStatus.values()[random.nextInt(3)], at);
      };
    }

    private Assignment assignment(Ticket ticket) {
      return new Assignment(
          moderators.get(random.nextInt(moderators.size())).id(),
          random.nextBoolean() ? AssignmentSource.ENGINE : AssignmentSource.ADMIN,
          Optional.empty(),
          1.0,
          "test",
          ticket.updatedAt().plusSeconds(random.nextInt(86_400)));
    }

    private Optional<Priority> optionalPriority() {
      return random.nextBoolean()
          ? Optional.of(Priority.values()[random.nextInt(4)])
          : Optional.empty();
    }
  }

  @Nested
  @DisplayName("on PostgreSQL")
  class OnPostgres extends Checks {
    @Override
    Supplier<TestDatabases.TestDatabase> databases() {
      return TestDatabases::postgres;
    }
  }

  @Nested
  @DisplayName("on H2")
  class OnH2 extends Checks {
    @Override
    Supplier<TestDatabases.TestDatabase> databases() {
      return TestDatabases::h2;
    }
  }
}
