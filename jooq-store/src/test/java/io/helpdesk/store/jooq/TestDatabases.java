package io.helpdesk.store.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway databases for tests: a PostgreSQL database created for a test class and dropped after
 * it (server from {@code HELPDESK_TEST_PG_URL}, default the local one with trust auth), or an H2
 * in-memory database with a unique name.
 */
final class TestDatabases {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  /** Tables in an order that deleting from them one after another respects the foreign keys. */
  private static final List<String> TABLES =
      List.of(
          "ticket_event",
          "comments",
          "ticket_skill",
          "tickets",
          "ticket_count",
          "ticket_day_count",
          "assignee_count",
          "member_skill",
          "members",
          "jobs");

  private TestDatabases() {}

  /** One database for one test class. */
  interface TestDatabase extends AutoCloseable {
    HikariDataSource dataSource();

    /** A second, independent pool on the same database (another "node"). */
    HikariDataSource newDataSource(int poolSize);

    /** Deletes every row the store wrote, keeping the schema. */
    default void clear() {
      try (Connection connection = dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        for (String table : TABLES) {
          statement.execute("DELETE FROM " + table);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    void close();
  }

  static String postgresUrl() {
    String url = System.getenv("HELPDESK_TEST_PG_URL");
    return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
  }

  /**
   * Creates {@code helpdesk_test_<random>} on the test server. Skips the test class when the server
   * is unreachable, unless {@code CI=true}: then it fails.
   */
  static TestDatabase postgres() {
    String serverUrl = postgresUrl();
    String name = "helpdesk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(serverUrl);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String message = "PostgreSQL is not reachable at " + serverUrl + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    String databaseUrl = withDatabase(serverUrl, name);
    HikariDataSource main = pool(databaseUrl, 12);
    return new TestDatabase() {
      @Override
      public HikariDataSource dataSource() {
        return main;
      }

      @Override
      public HikariDataSource newDataSource(int poolSize) {
        return pool(databaseUrl, poolSize);
      }

      @Override
      public void close() {
        main.close();
        try (Connection admin = DriverManager.getConnection(serverUrl);
            Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          throw new IllegalStateException("could not drop " + name, e);
        }
      }
    };
  }

  /** An H2 in-memory database in PostgreSQL mode, unique to the caller. */
  static TestDatabase h2() {
    String url =
        "jdbc:h2:mem:helpdesk_"
            + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT)
            + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    HikariDataSource main = pool(url, 12);
    return new TestDatabase() {
      @Override
      public HikariDataSource dataSource() {
        return main;
      }

      @Override
      public HikariDataSource newDataSource(int poolSize) {
        return pool(url, poolSize);
      }

      @Override
      public void close() {
        try (Connection connection = main.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("SHUTDOWN");
        } catch (SQLException e) {
          // already gone
        }
        main.close();
      }
    };
  }

  /** Replaces the database name in a PostgreSQL URL, keeping host and parameters. */
  static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + database + params;
  }

  static HikariDataSource pool(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }
}
