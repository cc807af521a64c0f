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

  /**
   * The days the per-day and time figures cover: {@code days} whole UTC days ending with the day of
   * {@code now}. Every store uses this one definition.
   *
   * @param firstDay the first day counted
   * @param lastDay the day of {@code now}
   * @param start the first instant counted (inclusive)
   * @param end the instant after the last day (exclusive)
   */
  public record Window(LocalDate firstDay, LocalDate lastDay, Instant start, Instant end) {

    public static Window ending(Instant now, int days) {
      if (days < 1) {
        throw new io.helpdesk.core.InvalidInputException("days", "must be at least 1");
      }
      LocalDate lastDay = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
      LocalDate firstDay = lastDay.minusDays(days - 1L);
      return new Window(
          firstDay,
          lastDay,
          firstDay.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
          lastDay.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    public boolean contains(Instant instant) {
      return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** The window's day of {@code instant}, counted from 0 for {@link #firstDay()}. */
    public int dayIndex(Instant instant) {
      return (int)
          java.time.temporal.ChronoUnit.DAYS.between(
              firstDay, LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC));
    }
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
