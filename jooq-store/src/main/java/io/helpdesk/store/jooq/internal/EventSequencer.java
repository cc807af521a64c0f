package io.helpdesk.store.jooq.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Numbers committed events on PostgreSQL: gives each event appended without a log position the next
 * one, in a short transaction of its own. Not API.
 *
 * <p>Why: numbering events in commit order at append time needs one lock held by every event writer
 * until its commit is flushed, which makes all writers serial (a few hundred commits a second).
 * Here writers run in parallel and only numbering is serial: a pass takes a transaction-scoped
 * advisory lock (so passes on all nodes are serial), numbers every committed unnumbered event in
 * one {@code UPDATE}, sends {@code NOTIFY} and commits - all in one statement, the database
 * function {@code helpdesk_number_events} (migration V7), so a pass is one round trip. A pass sees
 * exactly what committed before its statement began, and the next pass starts after it committed,
 * so positions grow in the order events become visible to readers: a reader that has seen position
 * n never later finds a smaller one.
 *
 * <p>{@link #numberCommitted} is called by a thread whose transaction just committed events, and
 * returns once a pass that began after that commit has finished. Concurrent callers share passes:
 * while one pass runs, the callers that arrive meanwhile wait for the next one, which numbers all
 * their events at once (the same batching PostgreSQL does for commits).
 */
public final class EventSequencer {
  private static final int BATCH = 10_000;

  /**
   * One pass as one statement (migration V7, {@code helpdesk_number_events}): the advisory lock
   * ("hd", 2), the numbering UPDATEs and the NOTIFY, in the statement's implicit transaction.
   */
  private static final String PASS = "SELECT helpdesk_number_events(?, ?)";

  private final DataSource dataSource;
  private final boolean notifies;
  private final ReentrantLock passLock = new ReentrantLock();
  private final AtomicLong requests = new AtomicLong();
  private long coveredRequests;

  public EventSequencer(DataSource dataSource, boolean notifies) {
    this.dataSource = dataSource;
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

  /** One round trip: the function runs and commits as a single autocommit statement. */
  private int runPass() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true); // the pool restores its default on return
      }
      try (PreparedStatement pass = connection.prepareStatement(PASS)) {
        pass.setInt(1, BATCH);
        pass.setString(2, notifies ? PgSignals.EVENTS_CHANNEL : null);
        try (ResultSet result = pass.executeQuery()) {
          result.next();
          return result.getInt(1);
        }
      }
    }
  }
}
