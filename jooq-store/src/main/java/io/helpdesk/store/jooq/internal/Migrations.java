package io.helpdesk.store.jooq.internal;

import io.helpdesk.store.jooq.SchemaMode;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;
import org.jooq.SQLDialect;

/**
 * The store's own Flyway set-up: its own migration location (a common folder plus one per database)
 * and its own history table, so it lives beside a host's migrations. Not API.
 */
public final class Migrations {
  public static final String HISTORY_TABLE = "helpdesk_schema_history";
  private static final String ROOT = "classpath:io/helpdesk/store/jooq/migration/";

  private Migrations() {}

  public static void apply(DataSource dataSource, SQLDialect dialect, SchemaMode mode) {
    if (mode == SchemaMode.NONE) {
      return;
    }
    Flyway flyway = flyway(dataSource, dialect);
    if (mode == SchemaMode.MIGRATE) {
      flyway.migrate();
      return;
    }
    MigrationInfo[] pending = flyway.info().pending();
    if (pending.length > 0) {
      throw new IllegalStateException(
          "The helpdesk schema is not up to date (schema mode VALIDATE): "
              + pending.length
              + " migration(s) not applied ("
              + Arrays.stream(pending)
                  .map(info -> "V" + info.getVersion() + " " + info.getDescription())
                  .collect(Collectors.joining(", "))
              + "). Apply the store's migrations (classpath "
              + ROOT
              + "{common,"
              + vendor(dialect)
              + "}, history table "
              + HISTORY_TABLE
              + ") or start the store with schema mode MIGRATE.");
    }
    ValidateResult result = flyway.validateWithResult();
    if (!result.validationSuccessful) {
      throw new IllegalStateException(
          "The helpdesk schema does not match this version of the store (schema mode VALIDATE): "
              + result.getAllErrorMessages());
    }
  }

  static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations(ROOT + "common", ROOT + vendor(dialect))
        .table(HISTORY_TABLE)
        // A host's own tables may share the schema: start our history at 0, then apply V1...
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  private static String vendor(SQLDialect dialect) {
    return dialect == SQLDialect.POSTGRES ? "postgresql" : "h2";
  }
}
