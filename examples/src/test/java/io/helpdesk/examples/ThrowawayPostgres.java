package io.helpdesk.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the test PostgreSQL server ({@code HELPDESK_TEST_PG_URL}, default the
 * local one with trust auth), dropped on close. Skips without a server, except with {@code
 * CI=true}, where it fails.
 */
final class ThrowawayPostgres implements AutoCloseable {
  static final String DEFAULT_SERVER_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private final String serverUrl;
  private final String name;

  private ThrowawayPostgres(String serverUrl, String name) {
    this.serverUrl = serverUrl;
    this.name = name;
  }

  static ThrowawayPostgres create() {
    String configured = System.getenv("HELPDESK_TEST_PG_URL");
    String serverUrl = configured == null || configured.isBlank() ? DEFAULT_SERVER_URL : configured;
    String name =
        "helpdesk_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
    return new ThrowawayPostgres(serverUrl, name);
  }

  /** The JDBC URL of the throwaway database, with the server URL's parameters. */
  String url() {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
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
}
