package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A poor man's database profiler: samples {@code pg_stat_activity} of one database every 20 ms
 * while a measurement runs, counting the backends that are busy (active or waiting) and, among
 * them, those waiting on an advisory lock (the store's writers' lock) or another lock, or on I/O
 * such as the WAL flush of a commit.
 */
final class WaitSampler implements AutoCloseable {
  private static final String SQL =
      "SELECT count(*) FILTER (WHERE state = 'active'),"
          + " count(*) FILTER (WHERE state = 'active' AND wait_event = 'advisory'),"
          + " count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'"
          + " AND wait_event <> 'advisory'),"
          + " count(*) FILTER (WHERE state = 'active' AND wait_event_type IN ('IO', 'LWLock'))"
          + " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()";

  private final Thread thread;
  private volatile boolean stop;
  private long samples;
  private long active;
  private long advisory;
  private long otherLocks;
  private long io;

  WaitSampler(HikariDataSource pool, String database) {
    thread =
        new Thread(
            () -> {
              try (Connection connection = pool.getConnection();
                  PreparedStatement statement = connection.prepareStatement(SQL)) {
                statement.setString(1, database);
                while (!stop) {
                  try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    synchronized (this) {
                      samples++;
                      active += row.getLong(1);
                      advisory += row.getLong(2);
                      otherLocks += row.getLong(3);
                      io += row.getLong(4);
                    }
                  }
                  Thread.sleep(20);
                }
              } catch (SQLException | InterruptedException e) {
                // sampling ends
              }
            },
            "wait-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Averages per sample, and the share of busy backends waiting on the writers' lock. */
  synchronized Map<String, Object> summary() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("samples", samples);
    if (samples > 0) {
      result.put("busy_backends_avg", Stats.round((double) active / samples));
      result.put("waiting_advisory_lock_avg", Stats.round((double) advisory / samples));
      result.put("waiting_other_locks_avg", Stats.round((double) otherLocks / samples));
      result.put("waiting_io_or_lwlock_avg", Stats.round((double) io / samples));
      result.put(
          "advisory_lock_share_of_busy", Stats.round(Stats.ratio(advisory, Math.max(1, active))));
    }
    return result;
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
