package io.helpdesk.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway databases for app tests, as in jooq-store: a PostgreSQL database per test class (server
 * from {@code HELPDESK_TEST_PG_URL}, default the local one with trust auth; skipped when
 * unreachable unless {@code CI=true}), or an H2 file in a temporary directory.
 */
final class TestDatabases {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private TestDatabases() {}

  /** A database's JDBC URL and how to drop it. */
  interface TestDatabase extends AutoCloseable {
    String url();

    @Override
    void close();
  }

  static TestDatabase h2(Path directory) {
    String url =
        "jdbc:h2:file:"
            + directory.resolve("helpdesk").toAbsolutePath()
            + ";MODE=PostgreSQL;LOCK_TIMEOUT=10000";
    return new TestDatabase() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public void close() {}
    };
  }

  static TestDatabase postgres() {
    String serverUrl = System.getenv().getOrDefault("HELPDESK_TEST_PG_URL", DEFAULT_PG_URL);
    String name = "helpdesk_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
    String url = withDatabase(serverUrl, name);
    return new TestDatabase() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public void close() {
        try (Connection admin = DriverManager.getConnection(serverUrl);
            Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          throw new IllegalStateException("could not drop " + name, e);
        }
      }
    };
  }

  static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + database + params;
  }
}
