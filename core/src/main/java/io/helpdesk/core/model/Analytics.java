package io.helpdesk.core.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin dashboard's figures, computed by the store.
 *
 * @param generatedAt when they were computed
 * @param totalTickets all tickets
 * @param byStatus ticket count per status (every status present, zero included)
 * @param byPriority open ticket count per effective priority (every priority present)
 * @param createdPerDay tickets created per UTC day over the requested window, oldest first, days
 *     without tickets included with zero
 * @param timeToAssign median and 90th percentile from creation to first assignment, over the window
 * @param timeToComplete median and 90th percentile from creation to completion, over the window
 * @param moderators open and completed tickets per moderator, with capacity
 * @param overdue open tickets past their due date
 * @param fallbackShare share of analysed tickets in the window whose analysis was a fallback (0..1)
 */
public record Analytics(
    Instant generatedAt,
    long totalTickets,
    Map<TicketStatus, Long> byStatus,
    Map<Priority, Long> byPriority,
    List<DayCount> createdPerDay,
    Percentiles timeToAssign,
    Percentiles timeToComplete,
    List<ModeratorLoad> moderators,
    long overdue,
    double fallbackShare) {

  public Analytics {
    byStatus = Map.copyOf(byStatus);
    byPriority = Map.copyOf(byPriority);
    createdPerDay = List.copyOf(createdPerDay);
    moderators = List.copyOf(moderators);
  }

  /** Tickets created on one day. */
  public record DayCount(LocalDate day, long count) {}

  /** Median and 90th percentile of a duration; empty when there was nothing to measure. */
  public record Percentiles(Optional<Duration> median, Optional<Duration> p90, long samples) {
    public static Percentiles none() {
      return new Percentiles(Optional.empty(), Optional.empty(), 0);
    }
  }

  /** A moderator's load. */
  public record ModeratorLoad(
      MemberId memberId, String displayName, long open, long completed, int capacity) {}
}
