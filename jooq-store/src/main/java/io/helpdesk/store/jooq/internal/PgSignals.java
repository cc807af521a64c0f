package io.helpdesk.store.jooq.internal;

import io.helpdesk.core.spi.StoreListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears PostgreSQL notifications on a dedicated connection and calls a {@link StoreListener}.
 * Transactions send {@code NOTIFY} when they enqueue jobs or append events, so every node hears
 * about work at commit. After a lost connection it reconnects and, since notifications may have
 * been missed meanwhile, calls both callbacks once. Not API.
 */
public final class PgSignals implements AutoCloseable {
  static final String JOBS_CHANNEL = "helpdesk_jobs";
  static final String EVENTS_CHANNEL = "helpdesk_events";
  private static final Logger LOG = LoggerFactory.getLogger(PgSignals.class);

  private final DataSource dataSource;
  private final StoreListener listener;
  private final Duration pollInterval;
  private final Duration reconnectDelay;
  private final Thread thread;
  private volatile boolean closed;

  private PgSignals(
      DataSource dataSource,
      StoreListener listener,
      Duration pollInterval,
      Duration reconnectDelay) {
    this.dataSource = dataSource;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pollInterval = pollInterval;
    this.reconnectDelay = reconnectDelay;
    this.thread = new Thread(this::run, "helpdesk-pg-listener");
    this.thread.setDaemon(true);
  }

  /** Starts listening on a new thread. */
  public static PgSignals start(
      DataSource dataSource,
      StoreListener listener,
      Duration pollInterval,
      Duration reconnectDelay) {
    PgSignals signals = new PgSignals(dataSource, listener, pollInterval, reconnectDelay);
    signals.thread.start();
    return signals;
  }

  private void run() {
    boolean missedSome = false;
    while (!closed) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + JOBS_CHANNEL);
          statement.execute("LISTEN " + EVENTS_CHANNEL);
        }
        if (missedSome) {
          LOG.info("listening for helpdesk notifications again");
          signal(true, true);
        }
        missedSome = true;
        PGConnection pg = connection.unwrap(PGConnection.class);
        int timeoutMillis = (int) Math.max(1, pollInterval.toMillis());
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(timeoutMillis);
          if (notifications == null || notifications.length == 0) {
            continue;
          }
          boolean jobs = false;
          boolean events = false;
          for (PGNotification notification : notifications) {
            jobs |= JOBS_CHANNEL.equals(notification.getName());
            events |= EVENTS_CHANNEL.equals(notification.getName());
          }
          signal(jobs, events);
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn(
            "helpdesk notification listener lost its connection; retrying in {}: {}",
            reconnectDelay,
            e.toString());
        sleep(reconnectDelay);
      }
    }
  }

  private void signal(boolean jobs, boolean events) {
    try {
      if (jobs) {
        listener.jobsEnqueued();
      }
      if (events) {
        listener.eventsCommitted();
      }
    } catch (RuntimeException e) {
      LOG.warn("a store listener failed", e);
    }
  }

  private void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops listening and releases the connection; waits briefly for the thread to end. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(pollInterval.toMillis() + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }
}
