package io.helpdesk.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.app.db.ApiTokenStore;
import io.helpdesk.app.db.AppDatabase;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import io.helpdesk.store.jooq.SchemaMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The people of a fault test, written straight into a fresh database before the server starts
 * (store and server migrations, a requester with an API token, moderators with every skill and room
 * for every ticket), and counts read behind the server's back.
 */
final class Helpdesk {
  static final String REQUESTER = "requester@example.com";
  static final String ADMIN = "admin@example.com";
  static final String OTHER_REQUESTER = "other.requester@example.com";

  final String databaseUrl;
  final String requesterToken;
  final String adminToken;

  /** A second requester's token: their tickets must not reach the first requester's streams. */
  final String otherRequesterToken;

  private Helpdesk(
      String databaseUrl, String requesterToken, String adminToken, String otherRequesterToken) {
    this.databaseUrl = databaseUrl;
    this.requesterToken = requesterToken;
    this.adminToken = adminToken;
    this.otherRequesterToken = otherRequesterToken;
  }

  /** Migrates the database and registers the members; {@code moderators} of them, all skills. */
  static Helpdesk prepare(String databaseUrl, int moderators) {
    try (HikariDataSource dataSource = pool(databaseUrl)) {
      JooqTicketStore store =
          JooqTicketStore.create(
              JooqStoreConfig.builder(dataSource).schemaMode(SchemaMode.MIGRATE).build());
      AppDatabase.migrate(dataSource);
      SkillTaxonomy taxonomy = SkillTaxonomy.defaults();
      Set<String> everySkill =
          taxonomy.skills().stream().map(Skill::name).collect(Collectors.toSet());
      HelpdeskEngine engine = HelpdeskEngine.builder().store(store).taxonomy(taxonomy).build();
      try {
        Member requester =
            engine.registerMember(REQUESTER, "Rita Requester", Role.USER, Set.of(), 0);
        Member admin = engine.registerMember(ADMIN, "Ada Admin", Role.ADMIN, Set.of(), 0);
        Member otherRequester =
            engine.registerMember(OTHER_REQUESTER, "Otto Other", Role.USER, Set.of(), 0);
        for (int i = 1; i <= moderators; i++) {
          engine.registerMember(
              "moderator" + i + "@example.com", "Moderator " + i, Role.MODERATOR, everySkill, 1000);
        }
        ApiTokenStore tokens = new ApiTokenStore(dataSource);
        return new Helpdesk(
            databaseUrl,
            tokens.create(requester.id(), "fault test", Instant.now()).secret(),
            tokens.create(admin.id(), "fault test", Instant.now()).secret(),
            tokens.create(otherRequester.id(), "fault test", Instant.now()).secret());
      } finally {
        engine.close();
        store.close();
      }
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /** What the database holds about the tickets and their pipeline, at one moment. */
  record State(
      int tickets,
      int analysed,
      int fallbackAnalysed,
      int assigned,
      int needsTriage,
      int notifiedTickets,
      Map<String, Integer> jobsByStatus,
      int duplicateTitles) {
    int jobs(String status) {
      return jobsByStatus.getOrDefault(status, 0);
    }

    boolean settled() {
      return jobs("QUEUED") == 0 && jobs("RUNNING") == 0;
    }

    @Override
    public String toString() {
      return "tickets="
          + tickets
          + " analysed="
          + analysed
          + " (fallback "
          + fallbackAnalysed
          + ") assigned="
          + assigned
          + " triage="
          + needsTriage
          + " notified="
          + notifiedTickets
          + " jobs="
          + jobsByStatus
          + " duplicateTitles="
          + duplicateTitles;
    }
  }

  State state() {
    try (Connection connection = java.sql.DriverManager.getConnection(databaseUrl)) {
      Map<String, Integer> jobs = new LinkedHashMap<>();
      try (PreparedStatement select =
              connection.prepareStatement("SELECT status, count(*) FROM jobs GROUP BY status");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          jobs.put(rows.getString(1), rows.getInt(2));
        }
      }
      return new State(
          count(connection, "SELECT count(*) FROM tickets"),
          count(connection, "SELECT count(*) FROM tickets WHERE analysis_at IS NOT NULL"),
          count(connection, "SELECT count(*) FROM tickets WHERE analysis_fallback"),
          count(connection, "SELECT count(*) FROM tickets WHERE assignee_id IS NOT NULL"),
          count(connection, "SELECT count(*) FROM tickets WHERE needs_triage"),
          count(
              connection,
              "SELECT count(DISTINCT ticket_id) FROM ticket_event WHERE type = 'NOTIFIED'"),
          jobs,
          count(
              connection,
              "SELECT count(*) FROM (SELECT title FROM tickets GROUP BY title HAVING count(*) > 1)"
                  + " duplicated"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The ticket events whose row matches {@code where} (SQL over {@code ticket_event e} and the
   * requester {@code m}), in log order, each as {@code "<id> <ticketId> <type>"} where the id is
   * the event's log position (what the API and the event stream call its id).
   */
  List<String> events(String where) {
    try (Connection connection = java.sql.DriverManager.getConnection(databaseUrl);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT e.log_position, e.ticket_id, e.type FROM ticket_event e"
                    + " JOIN members m ON m.id = e.requester_id WHERE "
                    + where
                    + " ORDER BY e.log_position");
        ResultSet rows = select.executeQuery()) {
      List<String> events = new ArrayList<>();
      while (rows.next()) {
        events.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
      }
      return events;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One number from the database. */
  int count(String sql) {
    try (Connection connection = java.sql.DriverManager.getConnection(databaseUrl)) {
      return count(connection, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }
}
