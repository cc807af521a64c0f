package io.helpdesk.store.jooq.internal;

import io.helpdesk.core.HelpdeskException;
import io.helpdesk.core.StoreUnavailableException;
import io.helpdesk.store.jooq.JooqStoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;

/** Turns JDBC and jOOQ failures into the engine's exceptions. Not API. */
public final class Failures {
  /** H2's error codes for a lock timeout, a deadlock and a concurrent update. */
  private static final int H2_LOCK_TIMEOUT = 50200;

  private static final int H2_DEADLOCK = 40001;
  private static final int H2_CONCURRENT_UPDATE = 90131;

  private Failures() {}

  /** The engine's own exceptions unchanged; database failures wrapped. */
  public static RuntimeException translate(Throwable failure) {
    if (failure instanceof HelpdeskException helpdesk) {
      return helpdesk;
    }
    Optional<SQLException> sql = sqlCause(failure);
    if (sql.isEmpty()) {
      return failure instanceof RuntimeException runtime
          ? runtime
          : new JooqStoreException(String.valueOf(failure.getMessage()), failure);
    }
    if (isTransient(sql.get())) {
      return new StoreUnavailableException(
          "database unavailable or busy: " + sql.get().getMessage(), failure);
    }
    return new JooqStoreException("database refused the work: " + sql.get().getMessage(), failure);
  }

  /** The SQL state of the first {@link SQLException} in the cause chain, if any. */
  public static Optional<String> sqlState(Throwable failure) {
    return sqlCause(failure).map(SQLException::getSQLState);
  }

  static Optional<SQLException> sqlCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return Optional.of(sql);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  static boolean isTransient(SQLException sql) {
    if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
      return true;
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    return state.startsWith("08") // connection exception
        || state.equals("40001") // serialization failure (PostgreSQL), deadlock (H2)
        || state.equals("40P01") // deadlock detected
        || state.equals("55P03") // lock not available
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.startsWith("53") // insufficient resources (too many connections)
        || state.equals("HYT00") // timeout
        || sql.getErrorCode() == H2_LOCK_TIMEOUT
        || sql.getErrorCode() == H2_DEADLOCK
        || sql.getErrorCode() == H2_CONCURRENT_UPDATE;
  }
}
