package io.helpdesk.app.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.db.AppDatabase;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import io.helpdesk.store.jooq.SchemaMode;
import net.sourceforge.argparse4j.inf.Namespace;

/** {@code migrate [config]}: applies pending migrations (the store's, then the server's). */
public final class MigrateCommand extends ConfiguredCommand<HelpdeskConfiguration> {
  public MigrateCommand() {
    super("migrate", "Applies pending database migrations (the server also does at start)");
  }

  @Override
  protected void run(
      Bootstrap<HelpdeskConfiguration> bootstrap,
      Namespace namespace,
      HelpdeskConfiguration configuration) {
    try (HikariDataSource dataSource = AppDatabase.pool(configuration.getDatabase(), "migrate")) {
      JooqTicketStore.create(
              JooqStoreConfig.builder(dataSource)
                  .schemaMode(SchemaMode.MIGRATE)
                  .listenNotify(false)
                  .build())
          .close();
      int applied = AppDatabase.migrate(dataSource);
      System.out.println(
          "store schema up to date; server tables: " + applied + " migration(s) applied");
    }
  }
}
