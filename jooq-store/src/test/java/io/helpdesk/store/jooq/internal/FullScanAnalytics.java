package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.MEMBERS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKETS;

import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The analytics as the store computed them before the counters (kept in the tests as the ground
 * truth the counters are checked against, and as the measured baseline): every figure straight from
 * the tickets table. Whole-table figures (by status, by open priority, per moderator) are grouped
 * counts that the status and assignee indexes answer without reading the table; the per-day and
 * time figures read only the tickets created in the window. Percentiles are the nearest-rank kind
 * ({@code percentile_disc}), computed by the database. Not API.
 */
public final class FullScanAnalytics {
  private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);
  private static final String COMPLETED = TicketStatus.COMPLETED.name();

  private final DSLContext dsl;

  public FullScanAnalytics(DSLContext dsl) {
    this.dsl = dsl;
  }

  public Analytics compute(Instant now, int days) {
    Analytics.Window period = Analytics.Window.ending(now, days);
    Instant windowStart = period.start();
    Instant windowEnd = period.end();
    LocalDate firstDay = period.firstDay();

    Map<TicketStatus, Long> byStatus = zeros(TicketStatus.class);
    Map<Priority, Long> byPriority = zeros(Priority.class);
    var count = DSL.count();
    dsl.select(TICKETS.STATUS, TICKETS.EFFECTIVE_PRIORITY, count)
        .from(TICKETS)
        .groupBy(TICKETS.STATUS, TICKETS.EFFECTIVE_PRIORITY)
        .forEach(
            row -> {
              TicketStatus status = TicketStatus.valueOf(row.value1());
              byStatus.merge(status, (long) row.value3(), Long::sum);
              if (status.isOpen()) {
                byPriority.merge(Priority.fromRank(row.value2()), (long) row.value3(), Long::sum);
              }
            });
    long total = byStatus.values().stream().mapToLong(Long::longValue).sum();

    long overdue =
        dsl.fetchCount(TICKETS, TICKETS.STATUS.ne(COMPLETED).and(TICKETS.DUE_SORT.lt(now)));

    var inWindow = TICKETS.CREATED_AT.ge(windowStart).and(TICKETS.CREATED_AT.lt(windowEnd));
    long[] perDay = new long[days];
    Field<BigDecimal> dayIndex =
        DSL.floor(
                epoch(TICKETS.CREATED_AT)
                    .minus(BigDecimal.valueOf(windowStart.getEpochSecond()))
                    .div(SECONDS_PER_DAY))
            .as("day_index");
    dsl.select(dayIndex, count)
        .from(TICKETS)
        .where(inWindow)
        .groupBy(dayIndex)
        .forEach(
            row -> {
              int index = row.value1().intValue();
              if (index >= 0 && index < days) {
                perDay[index] += row.value2();
              }
            });
    List<Analytics.DayCount> createdPerDay = new ArrayList<>(days);
    for (int offset = 0; offset < days; offset++) {
      createdPerDay.add(new Analytics.DayCount(firstDay.plusDays(offset), perDay[offset]));
    }

    Field<BigDecimal> toAssign = epoch(TICKETS.FIRST_ASSIGNED_AT).minus(epoch(TICKETS.CREATED_AT));
    Field<BigDecimal> toComplete = epoch(TICKETS.COMPLETED_AT).minus(epoch(TICKETS.CREATED_AT));
    Record window =
        dsl.select(
                DSL.percentileDisc(0.5).withinGroupOrderBy(toAssign).as("assign_median"),
                DSL.percentileDisc(0.9).withinGroupOrderBy(toAssign).as("assign_p90"),
                DSL.count(TICKETS.FIRST_ASSIGNED_AT).as("assign_samples"),
                DSL.percentileDisc(0.5).withinGroupOrderBy(toComplete).as("complete_median"),
                DSL.percentileDisc(0.9).withinGroupOrderBy(toComplete).as("complete_p90"),
                DSL.count(TICKETS.COMPLETED_AT).as("complete_samples"),
                DSL.count(TICKETS.ANALYSIS_AT).as("analysed"),
                DSL.count().filterWhere(TICKETS.ANALYSIS_FALLBACK.isTrue()).as("fallbacks"))
            .from(TICKETS)
            .where(inWindow)
            .fetchOne();
    Analytics.Percentiles timeToAssign =
        percentiles(window, "assign_median", "assign_p90", "assign_samples");
    Analytics.Percentiles timeToComplete =
        percentiles(window, "complete_median", "complete_p90", "complete_samples");
    long analysed = window.get("analysed", Long.class);
    long fallbacks = window.get("fallbacks", Long.class);

    return new Analytics(
        now,
        total,
        byStatus,
        byPriority,
        createdPerDay,
        timeToAssign,
        timeToComplete,
        moderators(),
        overdue,
        analysed == 0 ? 0.0 : (double) fallbacks / analysed);
  }

  private List<Analytics.ModeratorLoad> moderators() {
    var moderators =
        dsl.select(MEMBERS.ID, MEMBERS.DISPLAY_NAME, MEMBERS.CAPACITY)
            .from(MEMBERS)
            .where(MEMBERS.ROLE.eq(Role.MODERATOR.name()))
            .fetch();
    Map<UUID, long[]> loads = new HashMap<>();
    var count = DSL.count();
    dsl.select(TICKETS.ASSIGNEE_ID, TICKETS.STATUS, count)
        .from(TICKETS)
        .where(
            TICKETS.ASSIGNEE_ID.in(
                DSL.select(MEMBERS.ID).from(MEMBERS).where(MEMBERS.ROLE.eq(Role.MODERATOR.name()))))
        .groupBy(TICKETS.ASSIGNEE_ID, TICKETS.STATUS)
        .forEach(
            row -> {
              long[] load = loads.computeIfAbsent(row.value1(), id -> new long[2]);
              load[COMPLETED.equals(row.value2()) ? 1 : 0] += row.value3();
            });
    return moderators.stream()
        .map(
            row -> {
              long[] load = loads.getOrDefault(row.value1(), new long[2]);
              return new Analytics.ModeratorLoad(
                  new MemberId(row.value1()), row.value2(), load[0], load[1], row.value3());
            })
        .sorted(
            Comparator.comparing(Analytics.ModeratorLoad::displayName)
                .thenComparing(
                    (left, right) ->
                        TicketSort.compareUuids(left.memberId().value(), right.memberId().value())))
        .toList();
  }

  /** Seconds since the epoch, with the fraction, as an exact decimal. */
  private static Field<BigDecimal> epoch(Field<Instant> timestamp) {
    return DSL.extract(timestamp, DatePart.EPOCH).cast(SQLDataType.DECIMAL(20, 6));
  }

  private static Analytics.Percentiles percentiles(
      Record row, String median, String p90, String samples) {
    long count = row.get(samples, Long.class);
    if (count == 0) {
      return Analytics.Percentiles.none();
    }
    return new Analytics.Percentiles(
        Optional.of(duration(row.get(median, BigDecimal.class))),
        Optional.of(duration(row.get(p90, BigDecimal.class))),
        count);
  }

  private static Duration duration(BigDecimal seconds) {
    long micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    return Duration.of(micros, ChronoUnit.MICROS);
  }

  private static <E extends Enum<E>> Map<E, Long> zeros(Class<E> type) {
    Map<E, Long> counts = new EnumMap<>(type);
    for (E constant : type.getEnumConstants()) {
      counts.put(constant, 0L);
    }
    return counts;
  }
}
