package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases of a run. {@code benchmarks/run} creates {@code <prefix>_<scenario>} for each
 * scenario before the run and drops them after it; the harness only connects.
 */
final class Databases {
  private final String host;
  private final int port;
  private final String user;
  private final String prefix;

  Databases(String host, int port, String user, String prefix) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.prefix = prefix;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String user() {
    return user;
  }

  String name(String scenario) {
    return prefix + "_" + scenario;
  }

  String url(String scenario) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name(scenario) + "?user=" + user;
  }

  HikariDataSource pool(String scenario, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(scenario));
    config.setMaximumPoolSize(size);
    config.setPoolName("bench-" + scenario);
    return new HikariDataSource(config);
  }

  static long count(HikariDataSource pool, String sql) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static void execute(HikariDataSource pool, String... sql) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(String.join("; ", sql), e);
    }
  }

  static String queryString(HikariDataSource pool, String sql) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
