package io.helpdesk.store.jooq;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * How a {@link JooqTicketStore} is set up. Build one with {@link #builder(DataSource)}; every field
 * but the data source has a default.
 *
 * @param dataSource where the store's tables live (PostgreSQL or H2); the host owns and closes it
 * @param schemaMode what to do with the schema at start (default {@link SchemaMode#MIGRATE})
 * @param listenNotify on PostgreSQL, publish and hear committed jobs and events through
 *     LISTEN/NOTIFY (default true); ignored on H2
 * @param listenerPollInterval how long the LISTEN connection waits for notifications before it
 *     checks whether it was closed (default 500 ms)
 * @param listenerReconnectDelay the pause before the LISTEN connection is opened again after a
 *     failure (default 2 s)
 * @param analyticsCacheTtl how long {@code analytics} answers are reused for the same window
 *     (default zero: always fresh; a server should use some seconds, see the README)
 * @param doneJobRetention how long done jobs are kept by {@link JooqTicketStore#pruneDoneJobs}
 *     (default 7 days)
 * @param pruneBatchSize how many done jobs one pruning transaction deletes at most (default 1000)
 * @param clock the time of the {@code createdAt} of enqueued jobs, where the SPI passes no time
 */
public record JooqStoreConfig(
    DataSource dataSource,
    SchemaMode schemaMode,
    boolean listenNotify,
    Duration listenerPollInterval,
    Duration listenerReconnectDelay,
    Duration analyticsCacheTtl,
    Duration doneJobRetention,
    int pruneBatchSize,
    Clock clock) {

  public JooqStoreConfig {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schemaMode, "schemaMode");
    requirePositive("listenerPollInterval", listenerPollInterval);
    requirePositive("listenerReconnectDelay", listenerReconnectDelay);
    Objects.requireNonNull(analyticsCacheTtl, "analyticsCacheTtl");
    if (analyticsCacheTtl.isNegative()) {
      throw new IllegalArgumentException("analyticsCacheTtl must not be negative");
    }
    requirePositive("doneJobRetention", doneJobRetention);
    if (pruneBatchSize < 1) {
      throw new IllegalArgumentException("pruneBatchSize must be at least 1");
    }
    Objects.requireNonNull(clock, "clock");
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Builds a {@link JooqStoreConfig}; validated by {@link #build()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private SchemaMode schemaMode = SchemaMode.MIGRATE;
    private boolean listenNotify = true;
    private Duration listenerPollInterval = Duration.ofMillis(500);
    private Duration listenerReconnectDelay = Duration.ofSeconds(2);
    private Duration analyticsCacheTtl = Duration.ZERO;
    private Duration doneJobRetention = Duration.ofDays(7);
    private int pruneBatchSize = 1000;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    public Builder schemaMode(SchemaMode schemaMode) {
      this.schemaMode = schemaMode;
      return this;
    }

    public Builder listenNotify(boolean listenNotify) {
      this.listenNotify = listenNotify;
      return this;
    }

    public Builder listenerPollInterval(Duration listenerPollInterval) {
      this.listenerPollInterval = listenerPollInterval;
      return this;
    }

    public Builder listenerReconnectDelay(Duration listenerReconnectDelay) {
      this.listenerReconnectDelay = listenerReconnectDelay;
      return this;
    }

    public Builder analyticsCacheTtl(Duration analyticsCacheTtl) {
      this.analyticsCacheTtl = analyticsCacheTtl;
      return this;
    }

    public Builder doneJobRetention(Duration doneJobRetention) {
      this.doneJobRetention = doneJobRetention;
      return this;
    }

    public Builder pruneBatchSize(int pruneBatchSize) {
      this.pruneBatchSize = pruneBatchSize;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public JooqStoreConfig build() {
      return new JooqStoreConfig(
          dataSource,
          schemaMode,
          listenNotify,
          listenerPollInterval,
          listenerReconnectDelay,
          analyticsCacheTtl,
          doneJobRetention,
          pruneBatchSize,
          clock);
    }
  }
}
