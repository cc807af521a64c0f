package io.helpdesk.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.app.config.DatabaseConfig;
import io.helpdesk.core.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;

/** The connection pool and the server's own migrations (sessions, API tokens, idempotency keys). */
public final class AppDatabase {
  public static final String MIGRATIONS = "classpath:io/helpdesk/app/db/migration";
  public static final String HISTORY_TABLE = "helpdesk_app_schema_history";

  private AppDatabase() {}

  public static HikariDataSource pool(DatabaseConfig config, String poolName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(config.getUrl());
    if (!config.getUser().isEmpty()) {
      hikari.setUsername(config.getUser());
    }
    if (!config.getPassword().isEmpty()) {
      hikari.setPassword(config.getPassword());
    }
    hikari.setMaximumPoolSize(config.getMaxPoolSize());
    hikari.setMinimumIdle(Math.min(2, config.getMaxPoolSize()));
    hikari.setConnectionTimeout(config.getConnectionTimeout().toMilliseconds());
    hikari.setInitializationFailTimeout(config.getConnectionTimeout().toMilliseconds());
    return new HikariDataSource(hikari);
  }

  /** Flyway over the server's tables; run it after the store's migrations (foreign keys). */
  public static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  public static int migrate(DataSource dataSource) {
    return flyway(dataSource).migrate().migrationsExecuted;
  }

  public static MigrationInfoService info(DataSource dataSource) {
    return flyway(dataSource).info();
  }

  /** A connection, or a {@link StoreUnavailableException} (503) when the database is away. */
  static Connection connect(DataSource dataSource) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException("database unavailable: " + e.getMessage(), e);
    }
  }

  static RuntimeException failure(SQLException e) {
    return new StoreUnavailableException("database error: " + e.getMessage(), e);
  }
}
