package io.helpdesk.core.spi;

import io.helpdesk.core.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Persists tickets, members, comments, events and the durable job queue.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Transactions:</b> {@link #inTransaction} runs work atomically: everything it wrote is
 *       committed when the work returns and nothing is when it throws (the exception propagates).
 *       Transactions are not nested: do not call {@code inTransaction} from inside one.
 *   <li><b>Thread-safety:</b> safe for concurrent use from many threads; each transaction is used
 *       by one thread only.
 *   <li><b>Events:</b> an event's id is its position in the global log, assigned when or after its
 *       transaction commits; once {@link StoreTransaction#eventsAfter} has returned an id, no event
 *       with a smaller id becomes visible later. When {@link #inTransaction} has returned, the
 *       events it appended are visible to {@code eventsAfter} (a store that numbers events after
 *       commit does so before returning; should that fail, the next transaction that appends events
 *       numbers them, or the store when it next opens).
 *   <li><b>Jobs:</b> {@link #claimDueJobs} hands each due job to exactly one caller, even across
 *       processes; a job whose lease expired is due again. Completing a job checks its lease token,
 *       so a worker that lost its lease cannot overwrite the new owner's result.
 *   <li><b>Failures:</b> {@link StoreUnavailableException} when the database cannot be reached or
 *       the transaction hit a transient conflict (retryable); the engine's own exceptions ({@code
 *       TicketConflictException}, {@code NotFoundException}, {@code InvalidInputException}, {@code
 *       LeaseLostException}) pass through unchanged.
 * </ul>
 *
 * The testkit's {@code TicketStoreContractTest} checks all of this; every store must pass it.
 *
 * @since 0.1
 */
public interface TicketStore {

  /** Runs read-write work in one transaction. */
  <T> T inTransaction(TransactionWork<T> work);

  /**
   * Runs read-only work. May use a snapshot or a replica; writing in it is an error. Defaults to a
   * normal transaction.
   */
  default <T> T read(TransactionWork<T> work) {
    return inTransaction(work);
  }

  /**
   * Claims up to {@code max} due jobs in a transaction of its own: queued jobs whose {@code runAt}
   * has come, and running jobs whose lease has expired, oldest due first. Each claimed job comes
   * back {@link JobStatus#RUNNING} with its attempts incremented, a fresh lease token and a lease
   * until {@code now + lease}.
   */
  List<Job> claimDueJobs(Instant now, Duration lease, int max);

  /** What optional behaviour this store offers. */
  default StoreCapabilities capabilities() {
    return StoreCapabilities.none();
  }

  /**
   * Registers a listener for committed work. Only stores with {@link
   * StoreCapabilities#crossNodeSignals()} call it; the default does nothing.
   *
   * @return closes the subscription
   */
  default AutoCloseable subscribe(StoreListener listener) {
    return () -> {};
  }
}
