package io.helpdesk.testkit;

import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.store.InMemoryTicketStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The engine on the in-memory store")
class InMemoryEngineScenarioTest extends EngineScenarioTest {
  @Override
  protected TicketStore createStore() {
    return new InMemoryTicketStore(clock);
  }
}
