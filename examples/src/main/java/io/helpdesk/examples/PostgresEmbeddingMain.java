package io.helpdesk.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import io.helpdesk.store.jooq.SchemaMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Embedding on PostgreSQL: the same engine as {@link EmbeddingMain}, on {@code jooq-store}'s {@link
 * JooqTicketStore} over a {@link DataSource} that the host owns. The store applies its own Flyway
 * migrations (history table {@code helpdesk_schema_history}) at creation; a second run finds them
 * applied and reuses the members it registered.
 *
 * <p>The JDBC URL is the first argument, else {@code HELPDESK_DB_URL}, else the local server with
 * trust auth ({@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}). Use a database of
 * its own: the store creates its tables in the connection's default schema.
 */
public final class PostgresEmbeddingMain {
  /** Where the example connects when given nothing. */
  public static final String DEFAULT_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private PostgresEmbeddingMain() {}

  /**
   * Runs the example against the database named by {@code args[0]} or {@code HELPDESK_DB_URL}.
   *
   * @param args optionally the JDBC URL
   */
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("HELPDESK_DB_URL", "");
    HikariConfig poolConfig = new HikariConfig();
    poolConfig.setJdbcUrl(url.isBlank() ? DEFAULT_URL : url);
    poolConfig.setMaximumPoolSize(5);
    try (HikariDataSource dataSource = new HikariDataSource(poolConfig)) {
      run(dataSource);
    }
  }

  /**
   * Builds the engine on {@code dataSource}, files a ticket, runs the pipeline and prints the
   * result. Closes the engine and the store, not the data source: that belongs to the host.
   *
   * @param dataSource the host's pool, on a {@code jdbc:postgresql:} URL
   */
  public static void run(DataSource dataSource) {
    JooqTicketStore store =
        JooqTicketStore.create(
            JooqStoreConfig.builder(dataSource).schemaMode(SchemaMode.MIGRATE).build());
    try (store;
        HelpdeskEngine engine = HelpdeskEngine.builder().store(store).build()) {
      System.out.println("migrations applied: " + appliedMigrations(dataSource));
      Member kim = memberOrRegister(engine, "kim@example.com", "Kim", Role.MODERATOR, "kubernetes");
      Member rita = memberOrRegister(engine, "rita@example.com", "Rita", Role.USER);

      Ticket ticket =
          engine.createTicket(
              rita.id(),
              NewTicket.of("Pods crash-loop after helm upgrade", "Every pod restarts since then."));
      engine.runPendingJobs();

      Ticket analysed = engine.ticket(kim.id(), ticket.id()).ticket();
      Analysis analysis = analysed.analysis().orElseThrow();
      Assignment assignment = analysed.assignment().orElseThrow();
      System.out.println("ticket " + ticket.id() + " stored in PostgreSQL");
      System.out.println("analysis: " + analysis.priority() + ", skills " + analysis.skills());
      System.out.println(
          "assigned to "
              + engine.member(kim.id(), assignment.assignee()).displayName()
              + ": "
              + assignment.reason());
    }
  }

  /** Registration is a system operation; on a second run the member already exists. */
  private static Member memberOrRegister(
      HelpdeskEngine engine, String email, String name, Role role, String... skills) {
    return engine
        .findMemberByEmail(email)
        .orElseGet(
            () ->
                engine.registerMember(
                    email, name, role, Set.of(skills), role == Role.USER ? 0 : 5));
  }

  private static int appliedMigrations(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM helpdesk_schema_history WHERE success AND version IS NOT NULL"
                    + " AND version <> '0'")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the store's migration history", e);
    }
  }
}
