package io.helpdesk.store.jooq;

import io.helpdesk.core.StoreUnavailableException;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.StoreCapabilities;
import io.helpdesk.core.spi.StoreListener;
import io.helpdesk.core.spi.TicketStore;
import io.helpdesk.core.spi.TransactionWork;
import io.helpdesk.store.jooq.internal.EventSequencer;
import io.helpdesk.store.jooq.internal.Failures;
import io.helpdesk.store.jooq.internal.JooqTransaction;
import io.helpdesk.store.jooq.internal.Migrations;
import io.helpdesk.store.jooq.internal.PgSignals;
import io.helpdesk.store.jooq.internal.StoreSupport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TicketStore} on PostgreSQL (production) or H2 (the embedded default), through jOOQ.
 * The SQL dialect follows the data source's JDBC URL; the schema is the store's own Flyway
 * migrations (see {@link SchemaMode}).
 *
 * <pre>{@code
 * JooqTicketStore store = JooqTicketStore.create(JooqStoreConfig.builder(dataSource).build());
 * HelpdeskEngine engine = HelpdeskEngine.builder().store(store)...build();
 * }</pre>
 *
 * <p>Each transaction runs on one connection of the data source. On PostgreSQL, event writers run
 * in parallel: an event is appended without a log position, and once its transaction has committed,
 * the committing thread has it numbered by a short sequencing transaction (serial across nodes,
 * shared by all threads that committed meanwhile) before {@link #inTransaction} returns; so
 * positions grow in the order events become visible. Assignment decisions for one moderator are
 * serialised by a lock on that moderator's row held to commit ({@code lockCandidate}). On H2 one
 * row lock held to commit serialises event writers and assignment decisions, and events are
 * numbered at append. On PostgreSQL, transactions that enqueue jobs and sequencing passes that
 * numbered events send NOTIFY, and {@link #subscribe} listens on a connection of its own ({@link
 * StoreCapabilities#crossNodeSignals()}); text search is PostgreSQL full-text search.
 *
 * @since 0.1
 */
public final class JooqTicketStore implements TicketStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JooqTicketStore.class);
  private static final ThreadLocal<Boolean> IN_TRANSACTION = new ThreadLocal<>();

  private final JooqStoreConfig config;
  private final SQLDialect dialect;
  private final StoreSupport support;
  // Unquoted names: H2 folds them to upper case and PostgreSQL to lower case, as the DDL did.
  private final Settings settings =
      new Settings()
          .withExecuteLogging(false)
          .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED);
  private final Set<PgSignals> subscriptions = ConcurrentHashMap.newKeySet();
  private final EventSequencer sequencer;

  private JooqTicketStore(JooqStoreConfig config, SQLDialect dialect) {
    this.config = config;
    this.dialect = dialect;
    this.support =
        new StoreSupport(
            dialect,
            dialect == SQLDialect.POSTGRES && config.listenNotify(),
            config.clock(),
            config.analyticsCacheTtl());
    this.sequencer =
        dialect == SQLDialect.POSTGRES
            ? new EventSequencer(config.dataSource(), support.notifies())
            : null;
  }

  /**
   * Opens the store: finds the database from the data source's JDBC URL and applies the schema
   * mode. Fails with {@link IllegalStateException} when the schema is not right under {@link
   * SchemaMode#VALIDATE}, and {@link IllegalArgumentException} for a database it does not support.
   */
  public static JooqTicketStore create(JooqStoreConfig config) {
    Objects.requireNonNull(config, "config");
    SQLDialect dialect = dialectOf(config.dataSource());
    Migrations.apply(config.dataSource(), dialect, config.schemaMode());
    JooqTicketStore store = new JooqTicketStore(config, dialect);
    // Events a crashed node committed but never had numbered.
    store.numberCommittedEvents();
    return store;
  }

  private static SQLDialect dialectOf(DataSource dataSource) {
    String url;
    try (Connection connection = dataSource.getConnection()) {
      url = connection.getMetaData().getURL();
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot reach the database: " + e.getMessage(), e);
    }
    return dialectOf(url);
  }

  /** POSTGRES for {@code jdbc:postgresql:}, H2 for {@code jdbc:h2:}; nothing else is supported. */
  static SQLDialect dialectOf(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return SQLDialect.POSTGRES;
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
      return SQLDialect.H2;
    }
    throw new IllegalArgumentException("unsupported database (PostgreSQL and H2 are): " + jdbcUrl);
  }

  /** The SQL dialect in use. */
  public SQLDialect dialect() {
    return dialect;
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return run(work, false, false);
  }

  @Override
  public <T> T read(TransactionWork<T> work) {
    return run(work, true, dialect == SQLDialect.POSTGRES);
  }

  /**
   * Runs the work on a connection of its own: in a transaction, or with {@code autocommit}
   * statement by statement without a transaction block (see {@link #inAutocommit}).
   */
  private <T> T run(TransactionWork<T> work, boolean readOnly, boolean autocommit) {
    Objects.requireNonNull(work, "work");
    if (Boolean.TRUE.equals(IN_TRANSACTION.get())) {
      throw new IllegalStateException("store transactions do not nest");
    }
    IN_TRANSACTION.set(true);
    JooqTransaction[] finished = new JooqTransaction[1];
    T result;
    try (Connection connection = config.dataSource().getConnection()) {
      // PostgreSQL enforces read-only transactions (and a replica-routing pool may use the flag);
      // H2 would refuse the row lock that serialises assignment previews, so it stays writable.
      boolean markReadOnly = readOnly && dialect == SQLDialect.POSTGRES;
      if (markReadOnly) {
        connection.setReadOnly(true);
      }
      try {
        result =
            autocommit
                ? inAutocommit(connection, readOnly, work, finished)
                : DSL.using(connection, dialect, settings)
                    .transactionResult(
                        configuration -> {
                          JooqTransaction tx =
                              new JooqTransaction(configuration.dsl(), support, readOnly);
                          finished[0] = tx;
                          try {
                            T value = work.run(tx);
                            tx.flushPending();
                            return value;
                          } finally {
                            tx.close();
                          }
                        });
      } finally {
        if (markReadOnly) {
          connection.setReadOnly(false);
        }
      }
    } catch (SQLException | RuntimeException e) {
      throw Failures.translate(e);
    } finally {
      IN_TRANSACTION.remove();
    }
    // Committed; the connection is back in the pool (a pass takes one of its own).
    if (finished[0] != null && finished[0].appendedUnnumberedEvents()) {
      numberCommittedEvents();
    }
    return result;
  }

  /**
   * PostgreSQL reads run statement by statement in autocommit mode: at READ COMMITTED every
   * statement of a transaction sees its own snapshot anyway, so a transaction block would add a
   * round trip (the COMMIT) and nothing else. A statement that needs a transaction opens its own.
   * The PostgreSQL job claim, a single statement, runs this way too.
   */
  private <T> T inAutocommit(
      Connection connection, boolean readOnly, TransactionWork<T> work, JooqTransaction[] finished)
      throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true); // the pool restores its default on return
    }
    JooqTransaction tx =
        new JooqTransaction(DSL.using(connection, dialect, settings), support, readOnly);
    finished[0] = tx;
    try {
      return work.run(tx);
    } finally {
      tx.close();
    }
  }

  /**
   * Has every committed event numbered (PostgreSQL). A failure is logged, not thrown: the work has
   * committed, and its events are numbered by the next pass (the next transaction that appends
   * events, on any node, or the next start of a store).
   */
  private void numberCommittedEvents() {
    if (sequencer == null) {
      return;
    }
    try {
      sequencer.numberCommitted();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "committed events could not be numbered yet; the next pass numbers them: {}",
          Failures.translate(e).getMessage());
    }
  }

  @Override
  public List<Job> claimDueJobs(Instant now, Duration lease, int max) {
    Objects.requireNonNull(now, "now");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    if (max < 1) {
      return List.of();
    }
    // On PostgreSQL the claim is one statement, atomic on its own: no transaction block, no COMMIT
    // round trip.
    return run(
        tx -> ((JooqTransaction) tx).claim(now, lease, max), false, dialect == SQLDialect.POSTGRES);
  }

  /**
   * Deletes done jobs older than the configured retention ({@link
   * JooqStoreConfig#doneJobRetention()}), in batches of {@link JooqStoreConfig#pruneBatchSize()}
   * each in a short transaction of its own. Meant to run on a schedule (see the README).
   *
   * @return how many jobs were deleted
   */
  public int pruneDoneJobs(Instant now) {
    Instant before = now.minus(config.doneJobRetention());
    int total = 0;
    while (true) {
      int deleted =
          inTransaction(
              tx -> ((JooqTransaction) tx).pruneDoneJobs(before, config.pruneBatchSize()));
      total += deleted;
      if (deleted < config.pruneBatchSize()) {
        return total;
      }
    }
  }

  @Override
  public StoreCapabilities capabilities() {
    return new StoreCapabilities(support.notifies(), dialect == SQLDialect.POSTGRES);
  }

  /**
   * On PostgreSQL with listen/notify on, listens on a dedicated connection (a thread per
   * subscription) until the returned handle is closed; otherwise does nothing.
   */
  @Override
  public AutoCloseable subscribe(StoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!support.notifies()) {
      return () -> {};
    }
    PgSignals signals =
        PgSignals.start(
            config.dataSource(),
            listener,
            config.listenerPollInterval(),
            config.listenerReconnectDelay());
    subscriptions.add(signals);
    return () -> {
      subscriptions.remove(signals);
      signals.close();
    };
  }

  /** Stops every listener started by {@link #subscribe}; the data source stays the host's. */
  @Override
  public void close() {
    for (PgSignals signals : subscriptions) {
      signals.close();
    }
    subscriptions.clear();
  }
}
