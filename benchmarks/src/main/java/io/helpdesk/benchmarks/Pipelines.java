package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the pipeline scenarios share: members, a backlog, waiting for the queue to drain. */
final class Pipelines {
  private Pipelines() {}

  /** Registers moderators (two skills each, capacity 1000) and requesters; returns requesters. */
  static List<Member> members(HelpdeskEngine engine, int moderators, int requesters) {
    List<String> skills =
        SkillTaxonomy.defaults().skills().stream().map(Skill::name).sorted().toList();
    engine.registerMember("bench-admin@example.com", "Admin", Role.ADMIN, Set.of(), 0);
    for (int i = 0; i < moderators; i++) {
      engine.registerMember(
          "moderator-" + i + "@example.com",
          "Moderator " + i,
          Role.MODERATOR,
          Set.of(skills.get(i % skills.size()), skills.get((i * 7 + 3) % skills.size())),
          1000);
    }
    List<Member> result = new ArrayList<>();
    for (int i = 0; i < requesters; i++) {
      result.add(
          engine.registerMember(
              "requester-" + i + "@example.com", "Requester " + i, Role.USER, Set.of(), 0));
    }
    return result;
  }

  /** Files {@code count} tickets through the engine (not started: they wait as a backlog). */
  static void backlog(HelpdeskEngine engine, List<Member> requesters, int count) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(
          threads.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                  engine.createTicket(
                      requesters.get(i % requesters.size()).id(), TicketTexts.ticket(i));
                }
                return null;
              }));
    }
    for (Future<?> each : running) {
      each.get(30, TimeUnit.MINUTES);
    }
    threads.shutdown();
  }

  /** How far a drain got: seconds until the queue was empty, or the timeout and what was done. */
  record Drain(
      double seconds,
      boolean complete,
      long ticketsAnalysed,
      long ticketsNotified,
      double allAnalysedSeconds) {}

  /**
   * Waits until no job is queued or running (polling every 50 ms), or the timeout; notes when every
   * ticket had its analysis stored on the way.
   */
  /**
   * Files {@code tickets} and has an engine from {@code engines} process them (not measured: the
   * JIT compiles the hot paths before the measured run).
   */
  static void warmUp(
      HelpdeskEngine filer,
      List<Member> requesters,
      int tickets,
      java.util.function.Supplier<HelpdeskEngine> engines,
      HikariDataSource pool)
      throws Exception {
    backlog(filer, requesters, tickets);
    HelpdeskEngine warming = engines.get();
    warming.start();
    try {
      drain(pool, System.nanoTime(), Duration.ofMinutes(5), tickets);
    } finally {
      warming.close();
    }
  }

  static Drain drain(HikariDataSource pool, long startNanos, Duration timeout, int tickets)
      throws InterruptedException {
    long deadline = startNanos + timeout.toNanos();
    double analysedAt = Double.NaN;
    while (true) {
      long open =
          Databases.count(pool, "SELECT count(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING')");
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      if (Double.isNaN(analysedAt)
          && Databases.count(pool, "SELECT count(*) FROM tickets WHERE analysis_at IS NOT NULL")
              >= tickets) {
        analysedAt = elapsed;
      }
      if (open == 0 || System.nanoTime() > deadline) {
        long notified =
            Databases.count(
                pool, "SELECT count(DISTINCT ticket_id) FROM ticket_event WHERE type = 'NOTIFIED'");
        long analysed =
            Databases.count(pool, "SELECT count(*) FROM tickets WHERE analysis_at IS NOT NULL");
        if (open > 0) {
          Log.info("%d jobs still open after %s: stopping there", open, timeout);
        }
        return new Drain(elapsed, open == 0, analysed, notified, analysedAt);
      }
      Thread.sleep(200);
    }
  }
}
