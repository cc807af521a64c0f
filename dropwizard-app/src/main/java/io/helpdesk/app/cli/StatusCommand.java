package io.helpdesk.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.db.AppDatabase;
import javax.sql.DataSource;
import net.sourceforge.argparse4j.inf.Namespace;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/** {@code status [config]}: lists the applied and pending migrations of both schemas. */
public final class StatusCommand extends ConfiguredCommand<HelpdeskConfiguration> {
  /** The store's migrations, as its README documents them for hosts that migrate themselves. */
  private static final String STORE_MIGRATIONS = "classpath:io/helpdesk/store/jooq/migration/";

  public StatusCommand() {
    super("status", "Shows the database migrations: applied and pending");
  }

  @Override
  protected void run(
      Bootstrap<HelpdeskConfiguration> bootstrap,
      Namespace namespace,
      HelpdeskConfiguration configuration) {
    try (HikariDataSource dataSource = AppDatabase.pool(configuration.getDatabase(), "status")) {
      String vendor = configuration.getDatabase().isH2() ? "h2" : "postgresql";
      print("store (helpdesk_schema_history)", storeFlyway(dataSource, vendor).info());
      print("server (" + AppDatabase.HISTORY_TABLE + ")", AppDatabase.info(dataSource));
    }
  }

  private static Flyway storeFlyway(DataSource dataSource, String vendor) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(STORE_MIGRATIONS + "common", STORE_MIGRATIONS + vendor)
        .table("helpdesk_schema_history")
        .load();
  }

  private static void print(String title, MigrationInfoService info) {
    System.out.println(title + ":");
    for (MigrationInfo migration : info.all()) {
      System.out.printf(
          "  %-6s %-50s %s%n",
          migration.getVersion(),
          migration.getDescription(),
          migration.getState().getDisplayName());
    }
    System.out.println("  pending: " + info.pending().length);
  }
}
