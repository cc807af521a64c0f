package io.helpdesk.store.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Schema modes")
class SchemaModeTest {

  abstract static class Modes {
    abstract Supplier<TestDatabases.TestDatabase> databases();

    private static JooqTicketStore open(TestDatabases.TestDatabase database, SchemaMode mode) {
      return JooqTicketStore.create(
          JooqStoreConfig.builder(database.dataSource()).schemaMode(mode).build());
    }

    private static long count(TestDatabases.TestDatabase database, String sql) throws SQLException {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      }
    }

    private static long historyTables(TestDatabases.TestDatabase database) throws SQLException {
      return count(
          database,
          "SELECT COUNT(*) FROM information_schema.tables"
              + " WHERE LOWER(table_name) = 'helpdesk_schema_history'");
    }

    @Test
    @DisplayName("VALIDATE on an empty database fails with a clear message")
    void validateEmpty() {
      try (TestDatabases.TestDatabase database = databases().get()) {
        assertThatThrownBy(() -> open(database, SchemaMode.VALIDATE))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not up to date")
            .hasMessageContaining("MIGRATE");
      }
    }

    @Test
    @DisplayName("NONE leaves the database alone")
    void none() throws SQLException {
      try (TestDatabases.TestDatabase database = databases().get()) {
        open(database, SchemaMode.NONE).close();
        assertThat(historyTables(database)).isZero();
      }
    }

    @Test
    @DisplayName("MIGRATE twice is a no-op the second time; VALIDATE then passes")
    void migrateTwice() throws SQLException {
      try (TestDatabases.TestDatabase database = databases().get()) {
        try (Connection connection = database.dataSource().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE host_table (id INTEGER PRIMARY KEY)");
        }
        open(database, SchemaMode.MIGRATE).close();
        String applied = "SELECT COUNT(*) FROM \"helpdesk_schema_history\" WHERE \"success\"";
        long first = count(database, applied);
        open(database, SchemaMode.MIGRATE).close();
        assertThat(count(database, applied)).isEqualTo(first);
        open(database, SchemaMode.VALIDATE).close();
      }
    }
  }

  @Nested
  @DisplayName("on PostgreSQL")
  class OnPostgres extends Modes {
    @Override
    Supplier<TestDatabases.TestDatabase> databases() {
      return TestDatabases::postgres;
    }
  }

  @Nested
  @DisplayName("on H2")
  class OnH2 extends Modes {
    @Override
    Supplier<TestDatabases.TestDatabase> databases() {
      return TestDatabases::h2;
    }
  }
}
