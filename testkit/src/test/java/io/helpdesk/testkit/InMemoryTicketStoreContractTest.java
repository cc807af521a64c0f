package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.store.InMemoryTicketStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryTicketStore")
class InMemoryTicketStoreContractTest extends TicketStoreContractTest {

  @Override
  protected TicketStore createStore() {
    return new InMemoryTicketStore(clock);
  }

  @Test
  @DisplayName("a nested transaction is refused")
  void nestedTransaction() {
    assertThatThrownBy(() -> inTx(outer -> store.inTransaction(inner -> null)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> inTx(outer -> store.claimDueJobs(now(), Duration.ofMinutes(1), 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("read() refuses writes")
  void readOnly() {
    assertThatThrownBy(
            () ->
                read(
                    tx -> {
                      tx.insertMember(TestData.requester("Rita", now()));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(read(StoreTransaction::listMembers)).isEmpty();
  }

  @Test
  @DisplayName("a transaction cannot be used after its work returned")
  void escapedTransaction() {
    AtomicReference<StoreTransaction> escaped = new AtomicReference<>();
    read(
        tx -> {
          escaped.set(tx);
          return null;
        });

    assertThatThrownBy(() -> escaped.get().listTickets(TicketQuery.all()))
        .isInstanceOf(IllegalStateException.class);
  }
}
