package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.analyzer.gemini.GeminiConfig;
import io.helpdesk.analyzer.gemini.GeminiTicketAnalyzer;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Scenario 3: how well the engine hides model latency. A local fake Gemini answers every call in
 * 800 ms; the Gemini analyzer allows C concurrent calls and the engine runs C workers; a backlog is
 * processed end to end. Efficiency = tickets/s / (C / 0.8 s).
 */
final class ModelLatencyScenario {
  static final Duration LATENCY = Duration.ofMillis(800);

  private final Databases databases;
  private final Settings settings;

  ModelLatencyScenario(Databases databases, Settings settings) {
    this.databases = databases;
    this.settings = settings;
  }

  Map<String, Object> run(Map<String, Object> figures) throws Exception {
    int concurrency = settings.modelConcurrency();
    int tickets = settings.modelTickets();
    Map<String, Object> details = new LinkedHashMap<>();
    try (HikariDataSource pool = databases.pool("model", concurrency + 8);
        JooqTicketStore store = JooqTicketStore.create(JooqStoreConfig.builder(pool).build());
        FakeGemini gemini = new FakeGemini(LATENCY);
        GeminiTicketAnalyzer analyzer =
            new GeminiTicketAnalyzer(
                GeminiConfig.builder("bench-key")
                    .model("bench-model")
                    .baseUrl(gemini.baseUrl())
                    .callDeadline(Duration.ofSeconds(10))
                    .maxConcurrentCalls(concurrency)
                    .requestsPerMinute(100_000)
                    .build())) {
      HelpdeskEngine filer = HelpdeskEngine.builder().store(store).build();
      List<Member> requesters = Pipelines.members(filer, 20, 20);
      AtomicLong notifications = new AtomicLong();
      Supplier<HelpdeskEngine> engines =
          () ->
              HelpdeskEngine.builder()
                  .store(store)
                  .analyzer(analyzer)
                  .notifier(notification -> notifications.incrementAndGet())
                  .workerConcurrency(concurrency)
                  .pollInterval(Duration.ofMillis(200))
                  .build();
      // Warm-up (not measured): two rounds of calls, so the JIT has compiled the hot paths.
      int warmup = concurrency * 2;
      Log.info("model: warming up on %,d tickets", warmup);
      Pipelines.warmUp(filer, requesters, warmup, engines, pool);
      long callsBefore = gemini.calls();
      long notificationsBefore = notifications.get();
      long fallbacksBefore =
          Databases.count(pool, "SELECT count(*) FROM tickets WHERE analysis_fallback");

      Log.info("model: filing a backlog of %,d tickets", tickets);
      Pipelines.backlog(filer, requesters, tickets);
      filer.close();
      HelpdeskEngine engine = engines.get();
      Log.info(
          "model: engine with %d workers, analyzer with %d concurrent calls, model latency %d ms",
          concurrency, concurrency, LATENCY.toMillis());
      long start = System.nanoTime();
      Pipelines.Drain drain;
      try {
        engine.start();
        drain =
            Pipelines.drain(
                pool, start, Duration.ofMinutes(settings.quick() ? 2 : 10), warmup + tickets);
      } finally {
        engine.close();
      }
      double seconds = drain.seconds();
      long fallbacks =
          Databases.count(pool, "SELECT count(*) FROM tickets WHERE analysis_fallback")
              - fallbacksBefore;
      long processed = drain.ticketsNotified() - warmup;
      long calls = gemini.calls() - callsBefore;
      double perSecond = processed / seconds;
      double ideal = concurrency / (LATENCY.toMillis() / 1000.0);
      Log.info(
          "model: %,d tickets in %.1f s = %.1f tickets/s (ideal %.0f), %d model calls, at most"
              + " %d in flight, %d fallbacks",
          processed, seconds, perSecond, ideal, calls, gemini.maxInFlight(), fallbacks);
      details.put("concurrency", concurrency);
      details.put("workers", concurrency);
      details.put("model_latency_ms", LATENCY.toMillis());
      details.put("tickets", tickets);
      details.put("complete", drain.complete());
      details.put("seconds", Stats.round(seconds));
      details.put("warmup_tickets", warmup);
      details.put("tickets_processed", processed);
      double analysisRate = tickets / drain.allAnalysedSeconds();
      details.put("all_analysed_after_seconds", Stats.round(drain.allAnalysedSeconds()));
      details.put("analysis_phase_tickets_per_s", Stats.round(analysisRate));
      details.put("analysis_phase_efficiency", Stats.round(Stats.ratio(analysisRate, ideal)));
      details.put("tickets_per_s", Stats.round(perSecond));
      details.put("ideal_tickets_per_s", Stats.round(ideal));
      details.put("model_calls", calls);
      details.put("max_calls_in_flight", gemini.maxInFlight());
      details.put("fallback_analyses", fallbacks);
      details.put("notifications", notifications.get() - notificationsBefore);
      figures.put("model_latency_efficiency", Stats.round(Stats.ratio(perSecond, ideal)));
    }
    return details;
  }
}
