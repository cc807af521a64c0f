package io.helpdesk.store.jooq.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Numbers committed events on PostgreSQL: gives each event appended without a log position the next
 * one, in a short transaction of its own. Not API.
 *
 * <p>Why: numbering events in commit order at append time needs one lock held by every event writer
 * until its commit is flushed, which makes all writers serial (a few hundred commits a second).
 * Here writers run in parallel and only numbering is serial: a pass takes a transaction-scoped
 * advisory lock (so passes on all nodes are serial), numbers every committed unnumbered event in
 * one {@code UPDATE}, sends {@code NOTIFY} and commits. A pass sees exactly what committed before
 * its statement began, and the next pass starts after it committed, so positions grow in the order
 * events become visible to readers: a reader that has seen position n never later finds a smaller
 * one.
 *
 * <p>{@link #numberCommitted} is called by a thread whose transaction just committed events, and
 * returns once a pass that began after that commit has finished. Concurrent callers share passes:
 * while one pass runs, the callers that arrive meanwhile wait for the next one, which numbers all
 * their events at once (the same batching PostgreSQL does for commits).
 */
public final class EventSequencer {
  /** Advisory lock key (two ints) of the numbering pass: "hd" and 2. */
  static final int SEQUENCER_LOCK = 2;

  private static final int BATCH = 10_000;
  // The scalar subquery is evaluated once, on the statement's snapshot: the highest position so
  // far.
  private static final String NUMBER_PENDING =
      """
      UPDATE ticket_event e
         SET log_position = numbered.base + numbered.rn
        FROM (SELECT pending.id,
                     ROW_NUMBER() OVER (ORDER BY pending.id) AS rn,
                     (SELECT COALESCE(MAX(log_position), 0) FROM ticket_event) AS base
                FROM (SELECT id FROM ticket_event
                       WHERE log_position IS NULL
                       ORDER BY id
                       LIMIT {0}) pending) numbered
       WHERE e.id = numbered.id
      """;

  private final DataSource dataSource;
  private final Settings settings;
  private final boolean notifies;
  private final ReentrantLock passLock = new ReentrantLock();
  private final AtomicLong requests = new AtomicLong();
  private long coveredRequests;

  public EventSequencer(DataSource dataSource, Settings settings, boolean notifies) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.notifies = notifies;
  }

  /**
   * Numbers every event committed before this call, then returns (waiting for, or running, a pass
   * that began after the call).
   *
   * @return how many events the pass this thread ran numbered; 0 when another thread's pass did it
   * @throws SQLException when the pass failed; the events stay unnumbered until a later pass
   */
  public int numberCommitted() throws SQLException {
    long request = requests.incrementAndGet();
    passLock.lock();
    try {
      if (coveredRequests >= request) {
        return 0;
      }
      long covers = requests.get();
      int numbered = runPass();
      coveredRequests = covers;
      return numbered;
    } finally {
      passLock.unlock();
    }
  }

  private int runPass() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return DSL.using(connection, SQLDialect.POSTGRES, settings)
          .transactionResult(
              configuration -> {
                var dsl = configuration.dsl();
                dsl.execute(
                    "SELECT pg_advisory_xact_lock({0}, {1})",
                    JooqTransaction.LOCK_CLASS, SEQUENCER_LOCK);
                int total = 0;
                int numbered;
                do {
                  numbered = dsl.execute(NUMBER_PENDING, DSL.inline(BATCH));
                  total += numbered;
                } while (numbered == BATCH);
                if (total > 0 && notifies) {
                  dsl.execute("SELECT pg_notify({0}, '')", PgSignals.EVENTS_CHANNEL);
                }
                return total;
              });
    }
  }
}
