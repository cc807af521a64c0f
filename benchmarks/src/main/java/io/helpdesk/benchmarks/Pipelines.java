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

  /**
   * Waits until no job is queued or running (polling every 50 ms); returns the seconds it took.
   *
   * @throws IllegalStateException when the queue is not empty within the timeout
   */
  static double drain(HikariDataSource pool, long startNanos, Duration timeout)
      throws InterruptedException {
    long deadline = startNanos + timeout.toNanos();
    while (true) {
      long open =
          Databases.count(pool, "SELECT count(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING')");
      if (open == 0) {
        return (System.nanoTime() - startNanos) / 1e9;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(open + " jobs still open after " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
