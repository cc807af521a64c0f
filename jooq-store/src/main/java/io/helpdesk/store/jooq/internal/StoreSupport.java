package io.helpdesk.store.jooq.internal;

import io.helpdesk.core.model.Analytics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.SQLDialect;

/** What a transaction needs from its store: dialect, signals, clock, analytics cache. Not API. */
public final class StoreSupport {
  private final SQLDialect dialect;
  private final boolean notifies;
  private final Clock clock;
  private final Duration analyticsCacheTtl;
  private final Clock cacheClock = Clock.systemUTC();
  private CachedAnalytics cached;

  public StoreSupport(
      SQLDialect dialect, boolean notifies, Clock clock, Duration analyticsCacheTtl) {
    this.dialect = dialect;
    this.notifies = notifies;
    this.clock = clock;
    this.analyticsCacheTtl = analyticsCacheTtl;
  }

  public SQLDialect dialect() {
    return dialect;
  }

  /** True when transactions send NOTIFY on commit of jobs and events (PostgreSQL). */
  public boolean notifies() {
    return notifies;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The analytics for a window, reused for {@code analyticsCacheTtl} of wall-clock time when the
   * same number of days is asked again (the figures are a dashboard's, not a ledger's).
   */
  Analytics analytics(Instant now, int days, Supplier<Analytics> compute) {
    if (analyticsCacheTtl.isZero()) {
      return compute.get();
    }
    Instant wallNow = cacheClock.instant();
    synchronized (this) {
      if (cached != null
          && cached.days == days
          && wallNow.isBefore(cached.computedAt.plus(analyticsCacheTtl))) {
        return cached.analytics;
      }
    }
    Analytics fresh = Objects.requireNonNull(compute.get());
    synchronized (this) {
      cached = new CachedAnalytics(days, wallNow, fresh);
    }
    return fresh;
  }

  private record CachedAnalytics(int days, Instant computedAt, Analytics analytics) {}
}
