package io.helpdesk.app.core;

import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.db.IdempotencyStore;
import io.helpdesk.app.db.OidcSignInStore;
import io.helpdesk.app.db.SessionStore;
import io.helpdesk.store.jooq.JooqTicketStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly clean-up: done jobs past their retention (the store keeps 7 days by default), expired
 * sessions, expired pending OIDC sign-ins and idempotency keys past 24 hours. Scheduled by the
 * application on a managed executor.
 */
public final class Housekeeping implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final JooqTicketStore store;
  private final SessionStore sessions;
  private final SessionService sessionService;
  private final IdempotencyStore idempotency;
  private final OidcSignInStore pendingSignIns;
  private final Clock clock;

  public Housekeeping(
      JooqTicketStore store,
      SessionStore sessions,
      SessionService sessionService,
      IdempotencyStore idempotency,
      OidcSignInStore pendingSignIns,
      Clock clock) {
    this.store = store;
    this.sessions = sessions;
    this.sessionService = sessionService;
    this.idempotency = idempotency;
    this.pendingSignIns = pendingSignIns;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      Instant now = clock.instant();
      int jobs = store.pruneDoneJobs(now);
      int expiredSessions = sessions.deleteExpired(now, now.minus(sessionService.idleTimeout()));
      int keys = idempotency.deleteOlderThan(now.minus(IdempotencyStore.RETENTION));
      int signIns = pendingSignIns.deleteExpired(now);
      log.info(
          "housekeeping: pruned {} done jobs, {} expired sessions, {} idempotency keys,"
              + " {} expired OIDC sign-ins",
          jobs,
          expiredSessions,
          keys,
          signIns);
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and wait for the next round.
      log.warn("housekeeping failed: {}", e.toString());
    }
  }
}
