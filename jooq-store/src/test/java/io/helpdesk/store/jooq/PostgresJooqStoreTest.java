package io.helpdesk.store.jooq;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("jOOQ store specifics on PostgreSQL")
class PostgresJooqStoreTest extends JooqStoreTest {
  private static TestDatabases.TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabases.postgres();
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @Override
  protected TestDatabases.TestDatabase database() {
    return database;
  }
}
