package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.spi.Job;
import io.helpdesk.notifier.smtp.SmtpConfig;
import io.helpdesk.notifier.smtp.SmtpNotifier;
import io.helpdesk.notifier.smtp.TlsMode;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Scenario 2: a backlog of tickets fully processed (keyword analysis, assignment, email through
 * SMTP to a local sink) per second by the engine on PostgreSQL; and the store's claim-and-complete
 * rate against a bare {@code SKIP LOCKED} loop in SQL on a copy of the jobs table, same threads.
 */
final class PipelineScenario {
  static final int WORKERS = 8;
  static final int CLAIM_BATCH = Integer.getInteger("bench.claimBatch", 4);
  static final int CLAIM_THREADS = 4;

  private final Databases databases;
  private final Settings settings;

  PipelineScenario(Databases databases, Settings settings) {
    this.databases = databases;
    this.settings = settings;
  }

  Map<String, Object> run(Map<String, Object> figures) throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    int tickets = settings.pipelineTickets();
    try (HikariDataSource pool = databases.pool("pipeline", WORKERS + 8);
        JooqTicketStore store = JooqTicketStore.create(JooqStoreConfig.builder(pool).build());
        SmtpSink sink = new SmtpSink();
        SmtpNotifier notifier =
            SmtpNotifier.create(
                SmtpConfig.builder()
                    .host("127.0.0.1")
                    .port(sink.port())
                    .tlsMode(TlsMode.NONE)
                    .fromAddress("helpdesk@example.com")
                    .webBaseUrl("http://localhost:8080")
                    .build())) {
      HelpdeskEngine filer = HelpdeskEngine.builder().store(store).build();
      List<Member> requesters = Pipelines.members(filer, 50, 100);
      Supplier<HelpdeskEngine> engines =
          () ->
              HelpdeskEngine.builder()
                  .store(store)
                  .analyzer(KeywordTicketAnalyzer.withDefaults())
                  .notifier(notifier)
                  .workerConcurrency(WORKERS)
                  .claimBatch(CLAIM_BATCH)
                  .pollInterval(Duration.ofMillis(200))
                  .build();

      // Warm-up (not measured): the JIT compiles the hot paths on a smaller backlog first.
      int warmup = settings.quick() ? 300 : 1_000;
      Log.info("pipeline: warming up on %,d tickets", warmup);
      Pipelines.warmUp(filer, requesters, warmup, engines, pool);

      Log.info("pipeline: filing a backlog of %,d tickets", tickets);
      Pipelines.backlog(filer, requesters, tickets);
      filer.close();
      Databases.execute(pool, "VACUUM ANALYZE");
      HelpdeskEngine engine = engines.get();
      long jobsBefore = Databases.count(pool, "SELECT count(*) FROM jobs WHERE status = 'DONE'");
      long mailsBefore = sink.messages();
      Log.info("pipeline: engine started with %d workers", WORKERS);
      long start = System.nanoTime();
      CpuMeter cpu = new CpuMeter();
      Pipelines.Drain drain;
      try (WaitSampler waits = new WaitSampler(pool, databases.name("pipeline"))) {
        engine.start();
        drain =
            Pipelines.drain(
                pool, start, Duration.ofMinutes(settings.quick() ? 2 : 15), warmup + tickets);
        details.put("database_waits", waits.summary());
      } finally {
        engine.close();
      }
      long dead = Databases.count(pool, "SELECT count(*) FROM jobs WHERE status = 'DEAD'");
      long jobs =
          Databases.count(pool, "SELECT count(*) FROM jobs WHERE status = 'DONE'") - jobsBefore;
      long mails = sink.messages() - mailsBefore;
      long notified = drain.ticketsNotified() - warmup;
      double perSecond = notified / drain.seconds();
      details.put("cpu", cpu.per(notified, "ticket"));
      Log.info(
          "pipeline: %,d of %,d tickets in %.1f s = %.0f tickets/s (%,d jobs, %,d mails, %d dead)",
          notified, tickets, drain.seconds(), perSecond, jobs, mails, dead);
      details.put("tickets", tickets);
      details.put("workers", WORKERS);
      details.put("complete", drain.complete());
      details.put("seconds", Stats.round(drain.seconds()));
      details.put("tickets_notified", notified);
      details.put("warmup_tickets", warmup);
      details.put("claim_batch", CLAIM_BATCH);
      details.put("jobs_done", jobs);
      details.put("jobs_per_s", Stats.round(jobs / drain.seconds()));
      details.put("emails_received", mails);
      details.put("dead_jobs", dead);
      figures.put("pipeline_tickets_per_s", Stats.round(perSecond));
      if (dead > 0) {
        throw new IllegalStateException(dead + " dead jobs");
      }

      // the job queue alone, against bare SQL, interleaved over repeats
      List<Double> storeRates = new ArrayList<>();
      List<Double> bareRates = new ArrayList<>();
      Databases.execute(
          pool,
          // the same columns, constraints, identity and indexes (the partial due index too)
          "CREATE TABLE bench_jobs (LIKE jobs INCLUDING ALL)");
      UUID ticketId =
          UUID.fromString(Databases.queryString(pool, "SELECT id::text FROM tickets LIMIT 1"));
      for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
        int count = settings.claimJobs();
        enqueue(pool, "jobs", ticketId, count);
        double storeRate = storeLoop(store, count);
        enqueue(pool, "bench_jobs", ticketId, count);
        double bareRate = bareLoop(pool, count);
        Log.info(
            "pipeline: claim-and-complete, repeat %d: store %.0f jobs/s, bare SKIP LOCKED %.0f"
                + " jobs/s",
            repeat, storeRate, bareRate);
        storeRates.add(storeRate);
        bareRates.add(bareRate);
      }
      Map<String, Object> queue = new LinkedHashMap<>();
      queue.put("threads", CLAIM_THREADS);
      queue.put("jobs_per_repeat", settings.claimJobs());
      queue.put("store_jobs_per_s", Stats.round(Stats.median(storeRates)));
      queue.put("bare_skip_locked_jobs_per_s", Stats.round(Stats.median(bareRates)));
      queue.put(
          "ratio", Stats.round(Stats.ratio(Stats.median(storeRates), Stats.median(bareRates))));
      details.put("claim_and_complete", queue);

      details.put("sql_floor", sqlFloor(pool, perSecond));
    }
    return details;
  }

  /**
   * The pipeline's floor in SQL: pgbench, with as many clients as the engine has workers, runs for
   * each ticket the fewest statements the design needs - the three steps' claims (each a statement
   * of its own, as slow work runs outside transactions) and their three write transactions (the
   * ticket updated by analysis and by assignment, an event per step, the next step's job, the
   * moderator's row locked and dated, the job completed) - and nothing else: no reads beyond the
   * claim, no counters, no event numbering, no NOTIFY, no mail. How many tickets a second the
   * database allows for the design on this machine, against which {@code pipeline_tickets_per_s} is
   * read.
   */
  private Map<String, Object> sqlFloor(HikariDataSource pool, double enginePerSecond)
      throws Exception {
    Duration window = settings.intakeWindow();
    long jobs = window.toSeconds() * 5_000;
    Databases.execute(
        pool,
        "INSERT INTO jobs (type, ticket_id, payload, status, attempts, run_at, created_at,"
            + " updated_at) SELECT 'ANALYSE', t.id, '{}', 'QUEUED', 0,"
            + " now() - INTERVAL '1 minute', now(), now()"
            + " FROM generate_series(1, "
            + jobs
            + ") g JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM tickets) t"
            + " ON t.n = 1 + g % (SELECT count(*) FROM tickets)",
        // as before the engine's run: the floor starts without the dead rows the runs left
        "VACUUM ANALYZE");
    String moderator =
        Databases.queryString(
            pool, "SELECT id::text FROM members WHERE role = 'MODERATOR' ORDER BY id LIMIT 1");
    String claimed =
        "status = 'RUNNING', attempts = attempts + 1, lease_token = gen_random_uuid(),"
            + " lease_expires_at = now() + INTERVAL '5 minutes', updated_at = now()";
    String done =
        "status = 'DONE', lease_token = NULL, lease_expires_at = NULL, updated_at = now()";
    String newJob =
        "INSERT INTO jobs (type, ticket_id, payload, status, attempts, run_at, created_at,"
            + " updated_at) VALUES ('%s', :ticket_id, '{}', 'QUEUED', 0, now(), now(), now())"
            + " RETURNING id AS %s \\gset\n";
    String event =
        "INSERT INTO ticket_event (ticket_id, type, at, requester_id, assignee_id, internal, data)"
            + " VALUES (:ticket_id, '%s', now(), :requester_id, %s, FALSE, '%s');\n";
    String script =
        // analyse
        "UPDATE jobs SET "
            + claimed
            + " WHERE id = (SELECT id FROM jobs WHERE status IN ('QUEUED', 'RUNNING')"
            + " AND run_at <= now() AND (status = 'QUEUED' OR lease_expires_at <= now())"
            + " AND type = 'ANALYSE' ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id AS job_id, ticket_id, lease_token AS lease \\gset\n"
            + "BEGIN;\n"
            + "UPDATE tickets SET analysis_priority = 'HIGH', analysis_notes = 'api, database',"
            + " analysis_produced_by = 'keyword', analysis_at = now(), analysis_fallback = FALSE,"
            + " effective_priority = 2, version = version + 1, updated_at = now()"
            + " WHERE id = :ticket_id RETURNING requester_id, COALESCE(assignee_id, '"
            + moderator
            + "') AS moderator \\gset\n"
            + String.format(event, "ANALYSED", "NULL", "{\"priority\":\"HIGH\"}")
            + String.format(newJob, "ASSIGN", "assign_id")
            + "UPDATE jobs SET "
            + done
            + " WHERE id = :job_id AND status = 'RUNNING' AND lease_token = :lease;\n"
            + "END;\n"
            // assign
            + "UPDATE jobs SET "
            + claimed
            + " WHERE id = :assign_id RETURNING lease_token AS lease \\gset\n"
            + "BEGIN;\n"
            + "SELECT id FROM members WHERE id = :moderator AND role = 'MODERATOR'"
            + " FOR NO KEY UPDATE;\n"
            + "UPDATE tickets SET assignee_id = :moderator, assignment_source = 'ENGINE',"
            + " assigned_at = now(), assignment_reason = 'matches api', assignment_score = 1,"
            + " version = version + 1, updated_at = now() WHERE id = :ticket_id;\n"
            + String.format(event, "ASSIGNED", ":moderator", "{\"reason\":\"matches api\"}")
            + String.format(newJob, "NOTIFY", "notify_id")
            + "UPDATE members SET last_assigned_at = now() WHERE id = :moderator;\n"
            + "UPDATE jobs SET "
            + done
            + " WHERE id = :assign_id AND status = 'RUNNING' AND lease_token = :lease;\n"
            + "END;\n"
            // notify
            + "UPDATE jobs SET "
            + claimed
            + " WHERE id = :notify_id RETURNING lease_token AS lease \\gset\n"
            + "BEGIN;\n"
            + String.format(event, "NOTIFIED", ":moderator", "{\"kind\":\"ticket-assigned\"}")
            + "UPDATE jobs SET "
            + done
            + " WHERE id = :notify_id AND status = 'RUNNING' AND lease_token = :lease;\n"
            + "END;\n";
    Path file = Files.createTempFile("helpdesk-pipeline-floor", ".sql");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      Pgbench.run(databases, "pipeline", file, WORKERS, Duration.ofSeconds(2)); // warm-up
      CpuMeter cpu = new CpuMeter();
      double perSecond = Pgbench.run(databases, "pipeline", file, WORKERS, window);
      Map<String, Object> floor = new LinkedHashMap<>();
      floor.put("clients", WORKERS);
      floor.put("window_seconds", window.toSeconds());
      floor.put("tickets_per_s", Stats.round(perSecond));
      floor.put("cpu", cpu.per(Math.round(perSecond * window.toSeconds()), "ticket"));
      floor.put("engine_ratio", Stats.round(Stats.ratio(enginePerSecond, perSecond)));
      Log.info(
          "pipeline: SQL floor (pgbench, %d clients) %.0f tickets/s; engine %.2f of it",
          WORKERS, perSecond, Stats.ratio(enginePerSecond, perSecond));
      return floor;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void enqueue(HikariDataSource pool, String table, UUID ticketId, int count) {
    Databases.execute(
        pool,
        "INSERT INTO "
            + table
            + " (type, ticket_id, payload, status, attempts, run_at, created_at, updated_at)"
            + " SELECT 'NOTIFY', '"
            + ticketId
            + "', '{}', 'QUEUED', 0, now() - INTERVAL '1 minute', now(), now()"
            + " FROM generate_series(1, "
            + count
            + ")",
        "ANALYZE " + table);
  }

  /** The store's claimDueJobs (one job) then completeJob, by {@link #CLAIM_THREADS} threads. */
  private static double storeLoop(JooqTicketStore store, int count) throws Exception {
    return loop(
        count,
        () -> {
          List<Job> claimed = store.claimDueJobs(Instant.now(), Duration.ofMinutes(5), 1);
          if (claimed.isEmpty()) {
            return false;
          }
          Job job = claimed.get(0);
          store.inTransaction(
              tx -> {
                tx.completeJob(job.id(), job.lease(), Instant.now());
                return null;
              });
          return true;
        });
  }

  /** The same two transactions in bare SQL on {@code bench_jobs}. */
  private static double bareLoop(HikariDataSource pool, int count) throws Exception {
    String claim =
        "UPDATE bench_jobs SET status = 'RUNNING', attempts = attempts + 1,"
            + " lease_token = gen_random_uuid(), lease_expires_at = now() + INTERVAL '5 minutes',"
            + " updated_at = now() WHERE id = (SELECT id FROM bench_jobs"
            + " WHERE status IN ('QUEUED', 'RUNNING') AND run_at <= now()"
            + " AND (status = 'QUEUED' OR lease_expires_at < now())"
            + " ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, lease_token";
    String complete =
        "UPDATE bench_jobs SET status = 'DONE', lease_token = NULL, lease_expires_at = NULL,"
            + " updated_at = now() WHERE id = ? AND status = 'RUNNING' AND lease_token = ?";
    return loop(
        count,
        () -> {
          try (Connection connection = pool.getConnection()) {
            long id;
            Object lease;
            try (PreparedStatement statement = connection.prepareStatement(claim);
                ResultSet row = statement.executeQuery()) {
              if (!row.next()) {
                return false;
              }
              id = row.getLong(1);
              lease = row.getObject(2);
            }
            try (PreparedStatement statement = connection.prepareStatement(complete)) {
              statement.setLong(1, id);
              statement.setObject(2, lease);
              if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("lost job " + id);
              }
            }
            return true;
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** One unit of claim-and-complete work; false when nothing was left to claim. */
  private interface Step {
    boolean run() throws Exception;
  }

  private static double loop(int count, Step step) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(CLAIM_THREADS);
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < CLAIM_THREADS; t++) {
      running.add(
          threads.submit(
              () -> {
                while (step.run()) {
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> each : running) {
      each.get(10, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    threads.shutdown();
    if (done.get() != count) {
      throw new IllegalStateException("completed " + done.get() + " of " + count + " jobs");
    }
    return count / seconds;
  }
}
