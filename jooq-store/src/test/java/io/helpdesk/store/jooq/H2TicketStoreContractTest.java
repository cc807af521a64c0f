package io.helpdesk.store.jooq;

import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.testkit.TicketStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("TicketStore contract on H2")
class H2TicketStoreContractTest extends TicketStoreContractTest {
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
        JooqTicketStore.create(JooqStoreConfig.builder(database.dataSource()).clock(clock).build());
    database.clear();
    return store;
  }

  @Override
  protected void destroyStore(TicketStore store) {
    if (store != null) {
      ((JooqTicketStore) store).close();
    }
  }
}
