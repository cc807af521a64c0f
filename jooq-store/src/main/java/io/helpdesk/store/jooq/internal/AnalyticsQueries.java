package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.ASSIGNEE_COUNT;
import static io.helpdesk.store.jooq.internal.schema.Tables.MEMBERS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKETS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_COUNT;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_DAY_COUNT;

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
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The admin dashboard's queries, bounded so that they stay fast however many tickets there are:
 *
 * <ul>
 *   <li>totals, by status, open by priority, per-moderator loads, tickets created per day and the
 *       fallback share read the counters that {@link AnalyticsCounters} keeps in every ticket write
 *       (a few hundred rows, whatever the number of tickets);
 *   <li>overdue counts the open tickets due before now: a range over the partial index of open
 *       tickets by due date on PostgreSQL, so it reads only the overdue ones;
 *   <li>time to assign and to complete (nearest-rank percentiles, {@code percentile_disc}, as the
 *       in-memory store) read only the tickets created in the window, as an index-only range scan
 *       over {@code tickets_created_times_idx}.
 * </ul>
 *
 * Not API.
 */
final class AnalyticsQueries {
  private static final String COMPLETED = TicketStatus.COMPLETED.name();

  private final DSLContext dsl;

  AnalyticsQueries(DSLContext dsl) {
    this.dsl = dsl;
  }

  Analytics compute(Instant now, int days) {
    if (dsl.dialect() != SQLDialect.POSTGRES) {
      return figures(now, days);
    }
    // The window's percentiles sort every ticket of the window (345,000 at 1M tickets created over
    // 90 days: ~16 MB in two sorts); with the default work_mem of 4 MB they spill to disk. The
    // counts would run with parallel workers, whose start costs more than they save on these
    // sizes (overdue among 1M tickets: 55 ms with two workers, 14-29 ms without, on a 2-core
    // host), and they would take cores from the writers. Both settings for this transaction only
    // (a nested one when the caller's is open: a savepoint, whose settings last until the caller's
    // transaction ends).
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          tx.fetch(
              "SELECT set_config('work_mem', '64MB', true),"
                  + " set_config('max_parallel_workers_per_gather', '0', true)");
          return new AnalyticsQueries(tx).figures(now, days);
        });
  }

  private Analytics figures(Instant now, int days) {
    Analytics.Window period = Analytics.Window.ending(now, days);
    LocalDate firstDay = period.firstDay();

    Map<TicketStatus, Long> byStatus = zeros(TicketStatus.class);
    Map<Priority, Long> byPriority = zeros(Priority.class);
    var tickets = DSL.sum(TICKET_COUNT.TICKETS);
    dsl.select(TICKET_COUNT.STATUS, TICKET_COUNT.EFFECTIVE_PRIORITY, tickets)
        .from(TICKET_COUNT)
        .groupBy(TICKET_COUNT.STATUS, TICKET_COUNT.EFFECTIVE_PRIORITY)
        .forEach(
            row -> {
              TicketStatus status = TicketStatus.valueOf(row.value1());
              long count = row.value3().longValueExact();
              byStatus.merge(status, count, Long::sum);
              if (status.isOpen()) {
                byPriority.merge(Priority.fromRank(row.value2()), count, Long::sum);
              }
            });
    long total = byStatus.values().stream().mapToLong(Long::longValue).sum();

    long overdue =
        dsl.fetchCount(TICKETS, TICKETS.STATUS.ne(COMPLETED).and(TICKETS.DUE_SORT.lt(now)));

    long[] perDay = new long[days];
    long analysed = 0;
    long fallbacks = 0;
    for (var row :
        dsl.select(
                TICKET_DAY_COUNT.CREATED_ON,
                DSL.sum(TICKET_DAY_COUNT.CREATED),
                DSL.sum(TICKET_DAY_COUNT.ANALYSED),
                DSL.sum(TICKET_DAY_COUNT.FALLBACKS))
            .from(TICKET_DAY_COUNT)
            .where(TICKET_DAY_COUNT.CREATED_ON.between(firstDay, period.lastDay()))
            .groupBy(TICKET_DAY_COUNT.CREATED_ON)) {
      perDay[(int) ChronoUnit.DAYS.between(firstDay, row.value1())] = row.value2().longValueExact();
      analysed += row.value3().longValueExact();
      fallbacks += row.value4().longValueExact();
    }
    List<Analytics.DayCount> createdPerDay = new ArrayList<>(days);
    for (int offset = 0; offset < days; offset++) {
      createdPerDay.add(new Analytics.DayCount(firstDay.plusDays(offset), perDay[offset]));
    }

    WindowTimes times =
        dsl.dialect() == SQLDialect.POSTGRES
            ? windowTimesPostgres(period)
            : windowTimesPortable(period);

    return new Analytics(
        now,
        total,
        byStatus,
        byPriority,
        createdPerDay,
        times.toAssign(),
        times.toComplete(),
        moderators(),
        overdue,
        analysed == 0 ? 0.0 : (double) fallbacks / analysed);
  }

  /**
   * Time to assign and to complete over the window's tickets on PostgreSQL, from the microseconds
   * the database keeps beside each ticket (migration V8, exact 64-bit integers): an index-only
   * range scan and one sort per figure for both fractions, over the type PostgreSQL sorts fastest.
   */
  private WindowTimes windowTimesPostgres(Analytics.Window period) {
    Record row =
        dsl.resultQuery(
                "SELECT assigned[1] AS assign_median, assigned[2] AS assign_p90, assign_samples,"
                    + " completed[1] AS complete_median, completed[2] AS complete_p90,"
                    + " complete_samples"
                    + " FROM (SELECT"
                    + " percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY assign_micros)"
                    + " AS assigned, count(assign_micros) AS assign_samples,"
                    + " percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY complete_micros)"
                    + " AS completed, count(complete_micros) AS complete_samples"
                    + " FROM tickets WHERE created_at >= {0} AND created_at < {1}) window_times",
                DSL.val(period.start(), TICKETS.CREATED_AT),
                DSL.val(period.end(), TICKETS.CREATED_AT))
            .fetchOne();
    return WindowTimes.of(row, Long.class, micros -> Duration.of(micros, ChronoUnit.MICROS));
  }

  /** The same on H2, over exact decimal seconds. */
  private WindowTimes windowTimesPortable(Analytics.Window period) {
    Field<BigDecimal> toAssign = epoch(TICKETS.FIRST_ASSIGNED_AT).minus(epoch(TICKETS.CREATED_AT));
    Field<BigDecimal> toComplete = epoch(TICKETS.COMPLETED_AT).minus(epoch(TICKETS.CREATED_AT));
    Record row =
        dsl.select(
                DSL.percentileDisc(0.5).withinGroupOrderBy(toAssign).as("assign_median"),
                DSL.percentileDisc(0.9).withinGroupOrderBy(toAssign).as("assign_p90"),
                DSL.count(TICKETS.FIRST_ASSIGNED_AT).as("assign_samples"),
                DSL.percentileDisc(0.5).withinGroupOrderBy(toComplete).as("complete_median"),
                DSL.percentileDisc(0.9).withinGroupOrderBy(toComplete).as("complete_p90"),
                DSL.count(TICKETS.COMPLETED_AT).as("complete_samples"))
            .from(TICKETS)
            .where(TICKETS.CREATED_AT.ge(period.start()))
            .and(TICKETS.CREATED_AT.lt(period.end()))
            .fetchOne();
    return WindowTimes.of(row, BigDecimal.class, AnalyticsQueries::fromSeconds);
  }

  private List<Analytics.ModeratorLoad> moderators() {
    var isModerator = MEMBERS.ROLE.eq(Role.MODERATOR.name());
    var moderators =
        dsl.select(MEMBERS.ID, MEMBERS.DISPLAY_NAME, MEMBERS.CAPACITY)
            .from(MEMBERS)
            .where(isModerator)
            .fetch();
    Map<UUID, long[]> loads = new HashMap<>();
    dsl.select(
            ASSIGNEE_COUNT.MEMBER_ID,
            DSL.sum(ASSIGNEE_COUNT.OPEN_TICKETS),
            DSL.sum(ASSIGNEE_COUNT.COMPLETED_TICKETS))
        .from(ASSIGNEE_COUNT)
        .where(ASSIGNEE_COUNT.MEMBER_ID.in(DSL.select(MEMBERS.ID).from(MEMBERS).where(isModerator)))
        .groupBy(ASSIGNEE_COUNT.MEMBER_ID)
        .forEach(
            row ->
                loads.put(
                    row.value1(),
                    new long[] {row.value2().longValueExact(), row.value3().longValueExact()}));
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

  /** The window's times to assign and to complete. */
  private record WindowTimes(Analytics.Percentiles toAssign, Analytics.Percentiles toComplete) {

    /** From a row of the window query, whose figures are of {@code type} in some unit. */
    static <T> WindowTimes of(Record row, Class<T> type, Function<T, Duration> duration) {
      return new WindowTimes(
          percentiles(row, "assign", type, duration), percentiles(row, "complete", type, duration));
    }

    private static <T> Analytics.Percentiles percentiles(
        Record row, String figure, Class<T> type, Function<T, Duration> duration) {
      long count = row.get(figure + "_samples", Long.class);
      if (count == 0) {
        return Analytics.Percentiles.none();
      }
      return new Analytics.Percentiles(
          Optional.of(duration.apply(row.get(figure + "_median", type))),
          Optional.of(duration.apply(row.get(figure + "_p90", type))),
          count);
    }
  }

  private static Duration fromSeconds(BigDecimal seconds) {
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
