package io.helpdesk.app.core;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.helpdesk.core.EngineMetrics;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.spi.JobStatus;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/** The engine's figures as Dropwizard gauges under {@code helpdesk.*}. */
public final class EngineMetricsSet {
  private EngineMetricsSet() {}

  public static void register(MetricRegistry registry, HelpdeskEngine engine) {
    CachedGauge<Map<JobStatus, Long>> depth =
        new CachedGauge<>(5, TimeUnit.SECONDS) {
          @Override
          protected Map<JobStatus, Long> loadValue() {
            return engine.queueDepth();
          }
        };
    for (JobStatus status : JobStatus.values()) {
      registry.gauge(
          MetricRegistry.name("helpdesk", "queue", status.name().toLowerCase()),
          () -> (Gauge<Long>) () -> depth.getValue().getOrDefault(status, 0L));
    }
    counter(registry, engine, "jobs.completed", EngineMetrics.Snapshot::jobsCompleted);
    counter(registry, engine, "jobs.retried", EngineMetrics.Snapshot::jobsRetried);
    counter(registry, engine, "jobs.deadLettered", EngineMetrics.Snapshot::jobsDeadLettered);
    counter(registry, engine, "jobs.leasesLost", EngineMetrics.Snapshot::leasesLost);
    counter(registry, engine, "analyzer.analyses", EngineMetrics.Snapshot::analyses);
    counter(registry, engine, "analyzer.fallbacks", EngineMetrics.Snapshot::fallbackAnalyses);
    counter(registry, engine, "analyzer.failures", EngineMetrics.Snapshot::analyzerFailures);
    counter(registry, engine, "emails.sent", EngineMetrics.Snapshot::notificationsSent);
    counter(registry, engine, "emails.failed", EngineMetrics.Snapshot::notificationsFailed);
    registry.gauge(
        "helpdesk.analyzer.fallbackRate",
        () -> (Gauge<Double>) () -> engine.metrics().snapshot().fallbackRate());
    registry.gauge(
        "helpdesk.analyzer.meanLatencyMillis",
        () ->
            (Gauge<Double>)
                () -> {
                  EngineMetrics.Snapshot snapshot = engine.metrics().snapshot();
                  long calls = snapshot.analyses() + snapshot.analyzerFailures();
                  return calls == 0 ? 0.0 : (double) snapshot.analyzerLatencyMillis() / calls;
                });
  }

  private static void counter(
      MetricRegistry registry,
      HelpdeskEngine engine,
      String name,
      ToLongFunction<EngineMetrics.Snapshot> value) {
    registry.gauge(
        "helpdesk." + name,
        () -> (Gauge<Long>) () -> value.applyAsLong(engine.metrics().snapshot()));
  }
}
