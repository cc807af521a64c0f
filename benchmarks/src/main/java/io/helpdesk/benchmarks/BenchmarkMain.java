package io.helpdesk.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every scenario in one process and writes {@code latest.json} and {@code latest.md}. Started
 * by {@code benchmarks/run}, which creates the databases {@code <prefix>_<scenario>} beforehand and
 * drops them afterwards.
 *
 * <p>Arguments: {@code [--quick] --db-prefix NAME [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user
 * postgres] [--out benchmarks/results] [--only intake,pipeline,model,queries,sse,core]}. Exit
 * status 1 when a scenario failed (the others still run and are reported).
 */
public final class BenchmarkMain {
  /** The scenarios, in the order they run. */
  public static final List<String> SCENARIOS =
      List.of("intake", "pipeline", "model", "queries", "sse", "core");

  /** A figure's goal: {@code <= x}, {@code >= x}, or none. */
  record Goal(String text, Double atLeast, Double atMost) {
    Object met(Object value) {
      if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
        return null;
      }
      double v = number.doubleValue();
      if (atLeast != null) {
        return v >= atLeast;
      }
      if (atMost != null) {
        return v <= atMost;
      }
      return null;
    }
  }

  static final Map<String, Goal> GOALS = new LinkedHashMap<>();

  static {
    GOALS.put("intake_ratio_vs_pgbench", new Goal(">= 0.6", 0.6, null));
    GOALS.put("intake_p99_ms_at_half_peak", new Goal("< 25", null, 25.0));
    GOALS.put("pipeline_tickets_per_s", new Goal(">= 500", 500.0, null));
    GOALS.put("model_latency_efficiency", new Goal(">= 0.8", 0.8, null));
    GOALS.put("list_p99_ms", new Goal("<= 10", null, 10.0));
    GOALS.put("analytics_ms", new Goal("<= 200", null, 200.0));
    GOALS.put("sse_p99_ms", new Goal("<= 250", null, 250.0));
    GOALS.put("analyzer_tickets_per_s", new Goal("(reported)", null, null));
    GOALS.put("assigner_decisions_per_s", new Goal("(reported)", null, null));
  }

  private BenchmarkMain() {}

  /**
   * The serial-commit bound of the pipeline, from figures of the same run: the store serialises
   * event-writing transactions from their first event to commit (jooq-store's writers' lock), so
   * they cannot run faster than one commit after another - what pgbench reaches with one client -
   * and a ticket needs three of them (ANALYSED, ASSIGNED, NOTIFIED).
   */
  @SuppressWarnings("unchecked")
  static java.util.Optional<Map<String, Object>> bounds(Map<String, Object> scenarios) {
    if (!(scenarios.get("intake") instanceof Map<?, ?> intake)
        || !(intake.get("points") instanceof List<?> points)) {
      return java.util.Optional.empty();
    }
    for (Object point : points) {
      Map<String, Object> p = (Map<String, Object>) point;
      if (Integer.valueOf(1).equals(p.get("concurrency"))
          && p.get("pgbench_tx_per_s") instanceof Number serial) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("serial_commits_per_s_pgbench_c1", serial);
        bounds.put("event_transactions_per_ticket", 3);
        bounds.put("pipeline_tickets_per_s_bound", Stats.round(serial.doubleValue() / 3));
        bounds.put(
            "why",
            "event writers are serialised up to commit, so the pipeline cannot exceed one"
                + " commit after another (pgbench at concurrency 1) divided by 3 event"
                + " transactions per ticket");
        return java.util.Optional.of(bounds);
      }
    }
    return java.util.Optional.empty();
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    String host = "127.0.0.1";
    int port = 5432;
    String user = "postgres";
    String prefix = null;
    Path out = Path.of("benchmarks/results");
    Set<String> only = Set.copyOf(SCENARIOS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--pg-host" -> host = args[++i];
        case "--pg-port" -> port = Integer.parseInt(args[++i]);
        case "--pg-user" -> user = args[++i];
        case "--db-prefix" -> prefix = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (prefix == null) {
      throw new IllegalArgumentException("--db-prefix is required");
    }
    Settings settings = quick ? Settings.quickRun() : Settings.full();
    Databases databases = new Databases(host, port, user, prefix);
    Instant started = Instant.now();
    Map<String, Object> figures = new LinkedHashMap<>();
    GOALS.keySet().forEach(key -> figures.put(key, null));
    Map<String, Object> scenarios = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    String postgres;
    try (HikariDataSource pool = databases.pool("intake", 1)) {
      postgres = Databases.queryString(pool, "SELECT version()");
      String fsync = Databases.queryString(pool, "SHOW fsync");
      String synchronousCommit = Databases.queryString(pool, "SHOW synchronous_commit");
      scenarios.put(
          "database_settings", Map.of("fsync", fsync, "synchronous_commit", synchronousCommit));
    }
    Map<String, Object> machine = Machine.describe(postgres);
    Log.info("run (%s) on %s", quick ? "quick" : "full", machine);
    for (String scenario : SCENARIOS) {
      if (!only.contains(scenario)) {
        continue;
      }
      long start = System.nanoTime();
      Log.info("=== %s", scenario);
      try {
        Map<String, Object> details =
            switch (scenario) {
              case "intake" -> new IntakeScenario(databases, settings).run(figures);
              case "pipeline" -> new PipelineScenario(databases, settings).run(figures);
              case "model" -> new ModelLatencyScenario(databases, settings).run(figures);
              case "queries" -> new QueryScenario(databases, settings).run(figures);
              case "sse" -> new SseScenario(databases, settings).run(figures);
              case "core" -> new CoreScenario(settings).run(figures);
              default -> throw new IllegalStateException(scenario);
            };
        details.put("scenario_seconds", Stats.round((System.nanoTime() - start) / 1e9));
        scenarios.put(scenario, details);
      } catch (Exception | Error e) {
        Log.info("%s FAILED: %s", scenario, e);
        e.printStackTrace();
        failures.add(scenario + ": " + e);
        scenarios.put(scenario, Map.of("error", String.valueOf(e)));
      }
    }
    bounds(scenarios).ifPresent(bounds -> scenarios.put("bounds", bounds));
    Map<String, Object> report =
        Report.build(started, quick, machine, figures, GOALS, scenarios, failures);
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(
        out.resolve("latest.json"), json.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("latest.md"), Report.markdown(report, GOALS), StandardCharsets.UTF_8);
    Log.info(
        "wrote %s and %s in %d s",
        out.resolve("latest.json"),
        out.resolve("latest.md"),
        ChronoUnit.SECONDS.between(started, Instant.now()));
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
