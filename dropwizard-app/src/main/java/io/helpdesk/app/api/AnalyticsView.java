package io.helpdesk.app.api;

import io.helpdesk.core.model.Analytics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dashboard figures (v1); durations in seconds, absent ones {@code null}. */
public record AnalyticsView(
    Instant generatedAt,
    int days,
    long totalTickets,
    Map<String, Long> byStatus,
    Map<String, Long> byPriority,
    List<DayView> createdPerDay,
    PercentilesView timeToAssign,
    PercentilesView timeToComplete,
    List<ModeratorView> moderators,
    long overdue,
    double fallbackShare) {

  public record DayView(LocalDate day, long count) {}

  public record PercentilesView(Long medianSeconds, Long p90Seconds, long samples) {}

  public record ModeratorView(
      String memberId, String displayName, long open, long completed, int capacity) {}

  public static AnalyticsView of(Analytics analytics, int days) {
    Map<String, Long> byStatus = new TreeMap<>();
    analytics.byStatus().forEach((status, count) -> byStatus.put(status.name(), count));
    Map<String, Long> byPriority = new TreeMap<>();
    analytics.byPriority().forEach((priority, count) -> byPriority.put(priority.name(), count));
    return new AnalyticsView(
        analytics.generatedAt(),
        days,
        analytics.totalTickets(),
        byStatus,
        byPriority,
        analytics.createdPerDay().stream().map(d -> new DayView(d.day(), d.count())).toList(),
        percentiles(analytics.timeToAssign()),
        percentiles(analytics.timeToComplete()),
        analytics.moderators().stream()
            .map(
                m ->
                    new ModeratorView(
                        m.memberId().toString(),
                        m.displayName(),
                        m.open(),
                        m.completed(),
                        m.capacity()))
            .toList(),
        analytics.overdue(),
        analytics.fallbackShare());
  }

  private static PercentilesView percentiles(Analytics.Percentiles percentiles) {
    return new PercentilesView(
        percentiles.median().map(Duration::toSeconds).orElse(null),
        percentiles.p90().map(Duration::toSeconds).orElse(null),
        percentiles.samples());
  }
}
