package io.helpdesk.store.jooq;

import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.testkit.EngineScenarioTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Engine scenarios on H2")
class H2EngineScenarioTest extends EngineScenarioTest {
  private static TestDatabases.TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabases.h2();
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @Override
  protected TicketStore createStore() {
    JooqTicketStore store =
        JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).build());
    database.clear();
    return store;
  }

  @Override
  protected void destroyStore(TicketStore store) {
    ((JooqTicketStore) store).close();
  }
}
