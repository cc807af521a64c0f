package io.helpdesk.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the pipeline since the engine started, for metrics and health pages. Thread-safe;
 * read with {@link #snapshot()}.
 *
 * @since 0.1
 */
public final class EngineMetrics {
  final LongAdder jobsCompleted = new LongAdder();
  final LongAdder jobsRetried = new LongAdder();
  final LongAdder jobsDeadLettered = new LongAdder();
  final LongAdder leasesLost = new LongAdder();
  final LongAdder analyses = new LongAdder();
  final LongAdder fallbackAnalyses = new LongAdder();
  final LongAdder analyzerFailures = new LongAdder();
  final LongAdder analyzerLatencyMillis = new LongAdder();
  final LongAdder notificationsSent = new LongAdder();
  final LongAdder notificationsFailed = new LongAdder();

  EngineMetrics() {}

  /** The counters at one moment. */
  public record Snapshot(
      long jobsCompleted,
      long jobsRetried,
      long jobsDeadLettered,
      long leasesLost,
      long analyses,
      long fallbackAnalyses,
      long analyzerFailures,
      long analyzerLatencyMillis,
      long notificationsSent,
      long notificationsFailed) {

    /** Share of analyses that came from the offline fallback, 0 when none ran. */
    public double fallbackRate() {
      return analyses == 0 ? 0 : (double) fallbackAnalyses / analyses;
    }
  }

  public Snapshot snapshot() {
    return new Snapshot(
        jobsCompleted.sum(),
        jobsRetried.sum(),
        jobsDeadLettered.sum(),
        leasesLost.sum(),
        analyses.sum(),
        fallbackAnalyses.sum(),
        analyzerFailures.sum(),
        analyzerLatencyMillis.sum(),
        notificationsSent.sum(),
        notificationsFailed.sum());
  }
}
