package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Scenario 1: tickets created per second through the real HTTP API (bearer token, PostgreSQL) at
 * several concurrencies, against pgbench inserting the same rows (ticket, its CREATED event and the
 * ANALYSE outbox job in one transaction) at the same concurrencies, interleaved in the same run;
 * then the API's latency at half its peak rate from an open-loop generator.
 *
 * <p>The server is an API-only node ({@code engine.workerConcurrency: 0}): like pgbench, it only
 * files tickets. The pipeline that processes them is measured by {@link PipelineScenario}; on this
 * two-core machine, running it in the same process takes the CPU the requests need, which one more
 * window at the peak concurrency against a node with workers shows ({@code with_workers_on_node}).
 */
final class IntakeScenario {

  private static final String SENDER_PREFIX = "bench-intake-sender-";
  private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(5);
  private static final Duration WARM_UP_PAUSE = Duration.ofSeconds(3);
  private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(150);

  private final Databases databases;
  private final Settings settings;
  private final AtomicInteger sequence = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  IntakeScenario(Databases databases, Settings settings) {
    this.databases = databases;
    this.settings = settings;
  }

  /** One window of closed-loop load. */
  record Window(
      double perSecond, long ok, long errors, double p50Ms, double p99Ms, long generatorCpuNanos) {

    /** The load generator's CPU per answered request, in ms. */
    double generatorCpuMsPerRequest() {
      return ok == 0 ? Double.NaN : Stats.round(generatorCpuNanos / 1e6 / ok);
    }
  }

  /** The CPU time of the load generator's threads: its senders and {@code java.net.http}'s own. */
  private static long generatorCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && (info.getThreadName().startsWith(SENDER_PREFIX)
              || info.getThreadName().startsWith("HttpClient-"))) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  Map<String, Object> run(Map<String, Object> figures) throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    Path script = pgbenchScript();
    try (BenchServer server = new BenchServer(databases, "intake", 0)) {
      Log.info("intake: server up at %s; warming up", server.base());
      details.put("warm_up", warmUp(server));
      Pgbench.run(databases, "pgbench", script, 16, Duration.ofSeconds(2));
      Map<Integer, List<Double>> api = new LinkedHashMap<>();
      Map<Integer, List<Double>> apiP99 = new LinkedHashMap<>();
      Map<Integer, List<Double>> pg = new LinkedHashMap<>();
      for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
        for (int concurrency : settings.intakeConcurrencies()) {
          Window window;
          CpuMeter apiCpu = new CpuMeter();
          try (WaitSampler waits = new WaitSampler(server.side(), databases.name("intake"))) {
            window = closedLoop(server, concurrency, settings.intakeWindow());
            if (repeat == settings.repeats()) {
              details.put("database_waits_at_concurrency_" + concurrency, waits.summary());
            }
          }
          Map<String, Object> apiCost = apiCpu.per(window.ok(), "ticket");
          apiCost.put("load_generator_cpu_ms_per_ticket", window.generatorCpuMsPerRequest());
          CpuMeter pgCpu = new CpuMeter();
          double pgTps =
              Pgbench.run(databases, "pgbench", script, concurrency, settings.intakeWindow());
          if (repeat == settings.repeats()) {
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("api", apiCost);
            cpu.put(
                "pgbench",
                pgCpu.per(Math.round(pgTps * settings.intakeWindow().toSeconds()), "ticket"));
            details.put("cpu_at_concurrency_" + concurrency, cpu);
          }
          Log.info(
              "intake: repeat %d, concurrency %d: API %.0f/s (p99 %.1f ms, %d errors),"
                  + " pgbench %.0f/s",
              repeat, concurrency, window.perSecond(), window.p99Ms(), window.errors(), pgTps);
          api.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(window.perSecond());
          apiP99.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(window.p99Ms());
          pg.computeIfAbsent(concurrency, c -> new ArrayList<>()).add(pgTps);
        }
      }
      List<Map<String, Object>> points = new ArrayList<>();
      double apiPeak = 0;
      double pgPeak = 0;
      int apiPeakConcurrency = 0;
      for (int concurrency : settings.intakeConcurrencies()) {
        double apiMedian = Stats.median(api.get(concurrency));
        double pgMedian = Stats.median(pg.get(concurrency));
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("concurrency", concurrency);
        point.put("api_tickets_per_s", Stats.round(apiMedian));
        point.put("api_p99_ms", Stats.round(Stats.median(apiP99.get(concurrency))));
        point.put("pgbench_tx_per_s", Stats.round(pgMedian));
        point.put("ratio", Stats.round(Stats.ratio(apiMedian, pgMedian)));
        points.add(point);
        if (apiMedian > apiPeak) {
          apiPeak = apiMedian;
          apiPeakConcurrency = concurrency;
        }
        pgPeak = Math.max(pgPeak, pgMedian);
      }
      details.put("points", points);
      details.put("api_peak_tickets_per_s", Stats.round(apiPeak));
      details.put("api_peak_concurrency", apiPeakConcurrency);
      details.put("pgbench_peak_tx_per_s", Stats.round(pgPeak));
      figures.put("intake_ratio_vs_pgbench", Stats.round(Stats.ratio(apiPeak, pgPeak)));

      details.put("engine_direct_c1", engineDirect(server, settings.intakeWindow()));
      details.put("http_floor", httpFloor(server, apiPeakConcurrency, pgPeak));

      double rate = apiPeak / 2;
      Log.info("intake: open loop at %.0f/s (half the API's peak)", rate);
      Map<String, Object> open = openLoop(server, rate, settings.openLoopWindow());
      details.put("open_loop_at_half_peak", open);
      figures.put("intake_p99_ms_at_half_peak", open.get("p99_ms"));
      // The database's own latency at that rate: pgbench's transaction on the same schedule.
      Map<String, Object> pgOpen =
          Pgbench.latencyAtRate(databases, "pgbench", script, 32, rate, settings.openLoopWindow());
      details.put("pgbench_open_loop_at_same_rate", pgOpen);
      Log.info(
          "intake: pgbench open loop at %.0f/s: p50 %s ms, p99 %s ms",
          rate, pgOpen.get("p50_ms"), pgOpen.get("p99_ms"));
    }
    details.put("with_workers_on_node", withWorkers((Integer) details.get("api_peak_concurrency")));
    return details;
  }

  /**
   * Loads the server until its rate stops rising: the JIT compiles the whole stack only after tens
   * of thousands of requests on two cores (after one 10 s window the API still ran at two thirds of
   * its later speed, and the HTTP floor at a third). Windows of {@link #WARM_UP_WINDOW} at
   * concurrency 16, each followed by {@link #WARM_UP_PAUSE} idle, until two in a row are not 5 %
   * faster than the best before them, at most {@link #WARM_UP_LIMIT} (a quarter of it in a quick
   * run).
   */
  private Map<String, Object> warmUp(BenchServer server) throws Exception {
    HttpRequest floor = floorRequest(server);
    List<Double> rates = new ArrayList<>();
    Duration limit = settings.quick() ? WARM_UP_LIMIT.dividedBy(4) : WARM_UP_LIMIT;
    long deadline = System.nanoTime() + limit.toNanos();
    double best = 0;
    int flat = 0;
    while (System.nanoTime() < deadline && flat < 2) {
      double rate = closedLoop(server, 16, WARM_UP_WINDOW).perSecond();
      // The HTTP floor's request too: it runs through parts of the stack tickets do not.
      closedLoop(16, Duration.ofSeconds(1), i -> floor, 200);
      // Idle, so the compiler threads catch up: under load on two cores they get little CPU, and
      // the rate jumped after every idle gap (the pgbench windows) until they had.
      Thread.sleep(WARM_UP_PAUSE.toMillis());
      rates.add(Stats.round(rate));
      flat = rate < best * 1.05 ? flat + 1 : 0;
      best = Math.max(best, rate);
    }
    Log.info("intake: warm-up windows (tickets/s): %s", rates);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("window_seconds", WARM_UP_WINDOW.toSeconds());
    result.put("tickets_per_s", rates);
    return result;
  }

  private static HttpRequest floorRequest(BenchServer server) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/auth/config"))
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
  }

  /** One window at {@code concurrency} against a node that also runs the pipeline's workers. */
  private Map<String, Object> withWorkers(int concurrency) throws Exception {
    try (BenchServer server = new BenchServer(databases, "intake")) {
      closedLoop(server, concurrency, Duration.ofSeconds(2));
      Window window = closedLoop(server, concurrency, settings.intakeWindow());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("workers", new io.helpdesk.app.config.EngineConfig().getWorkerConcurrency());
      result.put("concurrency", concurrency);
      result.put("api_tickets_per_s", Stats.round(window.perSecond()));
      result.put("api_p99_ms", Stats.round(window.p99Ms()));
      Log.info(
          "intake: a node with workers, concurrency %d: API %.0f/s (p99 %.1f ms)",
          concurrency, window.perSecond(), window.p99Ms());
      return result;
    }
  }

  /**
   * The cheapest request the API answers through the same stack (Jetty, Jersey, the filters,
   * Jackson) and the same load generator: {@code GET /api/v1/auth/config}, which reads no database.
   * Its CPU per request is a floor under any API call's; against pgbench's CPU per ticket it bounds
   * the ratio any HTTP endpoint on this stack could reach on these cores.
   */
  private Map<String, Object> httpFloor(BenchServer server, int concurrency, double pgPeak)
      throws Exception {
    HttpRequest config = floorRequest(server);
    closedLoop(concurrency, Duration.ofSeconds(2), i -> config, 200);
    CpuMeter cpu = new CpuMeter();
    Window window = closedLoop(concurrency, settings.intakeWindow(), i -> config, 200);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(
        "what",
        "GET /api/v1/auth/config (no database), same generator, concurrency " + concurrency);
    result.put("requests_per_s", Stats.round(window.perSecond()));
    result.put("p99_ms", Stats.round(window.p99Ms()));
    Map<String, Object> cost = cpu.per(window.ok(), "request");
    cost.put("load_generator_cpu_ms_per_request", window.generatorCpuMsPerRequest());
    result.put("cpu", cost);
    result.put("ratio_vs_pgbench_peak", Stats.round(Stats.ratio(window.perSecond(), pgPeak)));
    Log.info(
        "intake: HTTP floor (GET /api/v1/auth/config, no database), concurrency %d: %.0f/s (%s)",
        concurrency, window.perSecond(), result.get("cpu"));
    return result;
  }

  /**
   * Where an API request's time goes, at concurrency 1: {@code engine.createTicket} called directly
   * on the same database (store and engine, no HTTP, no authentication), for the same window.
   */
  private Map<String, Object> engineDirect(BenchServer server, Duration window) {
    try (HikariDataSource pool = databases.pool("intake", 2);
        JooqTicketStore store =
            JooqTicketStore.create(
                JooqStoreConfig.builder(pool)
                    .schemaMode(io.helpdesk.store.jooq.SchemaMode.VALIDATE)
                    .listenNotify(false)
                    .build())) {
      HelpdeskEngine engine = HelpdeskEngine.builder().store(store).build();
      Samples samples = new Samples();
      long start = System.nanoTime();
      long deadline = start + window.toNanos();
      while (System.nanoTime() < deadline) {
        long sent = System.nanoTime();
        engine.createTicket(server.requester.id(), TicketTexts.ticket(sequence.incrementAndGet()));
        samples.add(System.nanoTime() - sent);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      engine.close();
      long[] all = samples.toArray();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("tickets_per_s", Stats.round(all.length / seconds));
      result.put("p50_ms", Stats.round(Stats.percentileMillis(all, 50)));
      result.put("p99_ms", Stats.round(Stats.percentileMillis(all, 99)));
      Log.info("intake: engine.createTicket directly, concurrency 1: %s", result);
      return result;
    }
  }

  private HttpRequest request(BenchServer server, int i) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/tickets"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + server.requesterToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(TicketTexts.json(i)))
        .build();
  }

  Window closedLoop(BenchServer server, int concurrency, Duration window) throws Exception {
    return closedLoop(concurrency, window, i -> request(server, i), 201);
  }

  /** Closed-loop load: {@code concurrency} threads each sending the next request on an answer. */
  Window closedLoop(
      int concurrency, Duration window, IntFunction<HttpRequest> requests, int expectedStatus)
      throws Exception {
    AtomicInteger senderNumber = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> new Thread(runnable, SENDER_PREFIX + senderNumber.incrementAndGet()));
    long generatorStart = generatorCpuNanos();
    List<Samples> samples = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + window.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Samples mine = new Samples();
      samples.add(mine);
      running.add(
          threads.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        http.send(
                            requests.apply(sequence.incrementAndGet()),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == expectedStatus) {
                      mine.add(System.nanoTime() - sent);
                    } else {
                      errors.incrementAndGet();
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> each : running) {
      each.get(window.toSeconds() + 60, TimeUnit.SECONDS);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    // Before the senders end: a finished thread's CPU time can no longer be read.
    long generatorCpu = generatorCpuNanos() - generatorStart;
    threads.shutdown();
    long[] all = Samples.merge(samples);
    if (all.length == 0) {
      return new Window(0, 0, errors.get(), Double.NaN, Double.NaN, generatorCpu);
    }
    return new Window(
        all.length / elapsed,
        all.length,
        errors.get(),
        Stats.percentileMillis(all, 50),
        Stats.percentileMillis(all, 99),
        generatorCpu);
  }

  /**
   * Requests sent on a fixed schedule whatever the answers; latency counts from the scheduled send
   * time, so a stalled server cannot hide its queueing (no coordinated omission).
   */
  Map<String, Object> openLoop(BenchServer server, double perSecond, Duration window)
      throws InterruptedException {
    long interval = (long) (1e9 / Math.max(1, perSecond));
    long total = window.toNanos() / interval;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    long skipped = 0;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (inFlight.get() >= 1024) {
        skipped++;
        continue;
      }
      inFlight.incrementAndGet();
      http.sendAsync(
              request(server, sequence.incrementAndGet()), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, failure) -> {
                inFlight.decrementAndGet();
                if (failure == null && response.statusCode() == 201) {
                  latencies.add(System.nanoTime() - scheduled);
                } else {
                  errors.incrementAndGet();
                }
              });
    }
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(10);
    }
    long[] all = latencies.stream().mapToLong(Long::longValue).toArray();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("target_per_s", Stats.round(perSecond));
    result.put("sent", total - skipped);
    result.put("ok", all.length);
    result.put("errors", errors.get());
    result.put("skipped_over_1024_in_flight", skipped);
    result.put("p50_ms", all.length == 0 ? null : Stats.round(Stats.percentileMillis(all, 50)));
    result.put("p99_ms", all.length == 0 ? null : Stats.round(Stats.percentileMillis(all, 99)));
    result.put("max_ms", all.length == 0 ? null : Stats.round(Stats.percentileMillis(all, 100)));
    return result;
  }

  /** The pgbench database (the store's schema, one requester) and a script inserting its rows. */
  private Path pgbenchScript() throws IOException {
    String requesterId;
    try (HikariDataSource pool = databases.pool("pgbench", 2);
        JooqTicketStore store = JooqTicketStore.create(JooqStoreConfig.builder(pool).build())) {
      HelpdeskEngine engine = HelpdeskEngine.builder().store(store).build();
      Member requester =
          engine.registerMember("bench-requester@example.com", "Rita", Role.USER, Set.of(), 0);
      engine.close();
      requesterId = requester.id().value().toString();
    }
    String title = TicketTexts.title(1).replace("'", "''");
    String description = TicketTexts.description(1).replace("'", "''");
    String script =
        "\\set n random(1, 2000000000)\n"
            + "BEGIN;\n"
            + "INSERT INTO tickets (id, title, description, requester_id, status,"
            + " effective_priority, due_sort, needs_triage, version, created_at, updated_at)"
            + " VALUES (gen_random_uuid(), '"
            + title
            + " ' || :n, '"
            + description
            + "', '"
            + requesterId
            + "', 'TODO', 1, TIMESTAMPTZ '9999-12-31 00:00:00+00', FALSE, 0, now(), now())"
            + " RETURNING id AS ticket_id \\gset\n"
            + "INSERT INTO ticket_event (ticket_id, type, actor_id, at, requester_id, internal,"
            + " data) VALUES (:ticket_id, 'CREATED', '"
            + requesterId
            + "', now(), '"
            + requesterId
            + "', FALSE, '{\"title\":\""
            + title
            + "\"}');\n"
            + "INSERT INTO jobs (type, ticket_id, payload, status, attempts, run_at, created_at,"
            + " updated_at) VALUES ('ANALYSE', :ticket_id, '{}', 'QUEUED', 0, now(), now(),"
            + " now());\n"
            + "END;\n";
    Path file = Files.createTempFile("helpdesk-pgbench", ".sql");
    file.toFile().deleteOnExit();
    Files.writeString(file, script, StandardCharsets.UTF_8);
    return file;
  }
}
