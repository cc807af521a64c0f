package io.helpdesk.core;

import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.spi.TransactionWork;

/** Transaction helpers shared by the engine and the pipeline. */
final class Transactions {
  private static final int CONFLICT_TRIES = 5;

  private Transactions() {}

  /**
   * Runs work that re-reads what it changes, trying again when a concurrent writer bumped a
   * ticket's version between the read and the write. Only for work that decides from fresh reads; a
   * user's stale version must surface as a conflict instead.
   */
  static <T> T writeRetryingConflicts(TicketStore store, TransactionWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return store.inTransaction(work);
      } catch (TicketConflictException e) {
        if (attempt == CONFLICT_TRIES) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }
}
