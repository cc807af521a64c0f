package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.ASSIGNEE_COUNT;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_COUNT;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_DAY_COUNT;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.store.jooq.internal.schema.tables.records.AssigneeCountRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketCountRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketDayCountRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;
import org.jooq.InsertValuesStep5;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;

/**
 * The changes one transaction makes to the analytics counters ({@code ticket_count}, {@code
 * ticket_day_count}, {@code assignee_count}), collected as the transaction writes tickets and added
 * to the counter rows just before it commits.
 *
 * <p>Why at the end: the counter rows are the most contended rows of the schema. Written last, they
 * are locked only for the commit; written in one fixed order (table by table, keys sorted), two
 * transactions can never wait for each other's counter rows in a cycle, and a transaction holding
 * counter rows waits for nothing else. Each transaction picks one of {@link #STRIPES} stripes at
 * random, so concurrent writers of the same status or day mostly touch different rows; readers sum
 * the stripes. Not API.
 */
final class AnalyticsCounters {
  /** Rows per counter; a transaction adds to one of them, readers sum all. */
  static final int STRIPES = 16;

  private static final String UNIQUE_VIOLATION = "23505";

  private final Map<TicketCountKey, Long> tickets = new TreeMap<>();
  private final Map<LocalDate, long[]> days = new TreeMap<>();
  private final Map<UUID, long[]> assignees = new TreeMap<>();

  /** What of a ticket the counters count. */
  record Counted(
      String status,
      short effectivePriority,
      LocalDate createdOn,
      boolean analysed,
      boolean fallback,
      UUID assignee) {

    static Counted of(Ticket ticket) {
      return of(ticket, day(ticket.createdAt()));
    }

    /** The ticket as written, on the day it was created as stored (creation times never change). */
    static Counted of(Ticket ticket, LocalDate createdOn) {
      return new Counted(
          ticket.status().name(),
          (short) ticket.effectivePriority().rank(),
          createdOn,
          ticket.analysis().isPresent(),
          ticket.analysis().map(Analysis::fallback).orElse(false),
          ticket.assignee().map(MemberId::value).orElse(null));
    }

    static LocalDate day(Instant instant) {
      return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
  }

  private record TicketCountKey(String status, short effectivePriority)
      implements Comparable<TicketCountKey> {
    @Override
    public int compareTo(TicketCountKey other) {
      int byStatus = status.compareTo(other.status);
      return byStatus != 0 ? byStatus : Short.compare(effectivePriority, other.effectivePriority);
    }
  }

  /** Counts a ticket in ({@code sign} 1) or out ({@code sign} -1). */
  void add(Counted ticket, int sign) {
    tickets.merge(
        new TicketCountKey(ticket.status(), ticket.effectivePriority()), (long) sign, Long::sum);
    long[] day = days.computeIfAbsent(ticket.createdOn(), key -> new long[3]);
    day[0] += sign;
    day[1] += ticket.analysed() ? sign : 0;
    day[2] += ticket.fallback() ? sign : 0;
    if (ticket.assignee() != null) {
      long[] load = assignees.computeIfAbsent(ticket.assignee(), key -> new long[2]);
      boolean completed = TicketStatus.COMPLETED.name().equals(ticket.status());
      load[completed ? 1 : 0] += sign;
    }
  }

  /** Replaces a ticket's old counted state with its new one. */
  void change(Counted before, Counted after) {
    if (!before.equals(after)) {
      add(before, -1);
      add(after, 1);
    }
  }

  /**
   * PostgreSQL: the collected changes as one {@code INSERT ... ON CONFLICT DO UPDATE} per counter
   * row, for the caller to run (in one round trip with its other pending statements); forgets them.
   */
  List<Query> upserts(DSLContext dsl) {
    return drain(dsl).stream().map(write -> write.upsert().get()).toList();
  }

  /**
   * H2: adds the collected changes to the counter rows, then forgets them. H2 reports a unique
   * violation when two transactions create the same row at once (its MERGE takes no lock on a row
   * that does not exist yet), so a row is updated, else inserted, and updated after all when
   * another transaction inserted it first (H2 keeps a transaction usable after a failed statement).
   */
  void flushPortable(DSLContext dsl) {
    for (CounterWrite write : drain(dsl)) {
      if (write.update().execute() > 0) {
        continue;
      }
      try {
        write.insert().get().execute();
      } catch (DataAccessException e) {
        if (!UNIQUE_VIOLATION.equals(e.sqlState()) || write.update().execute() == 0) {
          throw e;
        }
      }
    }
  }

  /** The collected changes, one write per counter row in a fixed order; forgets them. */
  private List<CounterWrite> drain(DSLContext dsl) {
    List<CounterWrite> writes = new ArrayList<>();
    short stripe = (short) ThreadLocalRandom.current().nextInt(STRIPES);
    tickets.forEach(
        (key, delta) -> {
          if (delta != 0) {
            var values =
                (Supplier<InsertValuesStep4<TicketCountRecord, String, Short, Short, Long>>)
                    () ->
                        dsl.insertInto(
                                TICKET_COUNT,
                                TICKET_COUNT.STATUS,
                                TICKET_COUNT.EFFECTIVE_PRIORITY,
                                TICKET_COUNT.STRIPE,
                                TICKET_COUNT.TICKETS)
                            .values(key.status(), key.effectivePriority(), stripe, delta);
            writes.add(
                new CounterWrite(
                    dsl.update(TICKET_COUNT)
                        .set(TICKET_COUNT.TICKETS, TICKET_COUNT.TICKETS.plus(delta))
                        .where(TICKET_COUNT.STATUS.eq(key.status()))
                        .and(TICKET_COUNT.EFFECTIVE_PRIORITY.eq(key.effectivePriority()))
                        .and(TICKET_COUNT.STRIPE.eq(stripe)),
                    values::get,
                    () ->
                        values
                            .get()
                            .onConflict(
                                TICKET_COUNT.STATUS,
                                TICKET_COUNT.EFFECTIVE_PRIORITY,
                                TICKET_COUNT.STRIPE)
                            .doUpdate()
                            .set(TICKET_COUNT.TICKETS, TICKET_COUNT.TICKETS.plus(delta))));
          }
        });
    days.forEach(
        (day, delta) -> {
          if (delta[0] != 0 || delta[1] != 0 || delta[2] != 0) {
            var values =
                (Supplier<
                        InsertValuesStep5<
                            TicketDayCountRecord, LocalDate, Short, Long, Long, Long>>)
                    () ->
                        dsl.insertInto(
                                TICKET_DAY_COUNT,
                                TICKET_DAY_COUNT.CREATED_ON,
                                TICKET_DAY_COUNT.STRIPE,
                                TICKET_DAY_COUNT.CREATED,
                                TICKET_DAY_COUNT.ANALYSED,
                                TICKET_DAY_COUNT.FALLBACKS)
                            .values(day, stripe, delta[0], delta[1], delta[2]);
            writes.add(
                new CounterWrite(
                    dsl.update(TICKET_DAY_COUNT)
                        .set(TICKET_DAY_COUNT.CREATED, TICKET_DAY_COUNT.CREATED.plus(delta[0]))
                        .set(TICKET_DAY_COUNT.ANALYSED, TICKET_DAY_COUNT.ANALYSED.plus(delta[1]))
                        .set(TICKET_DAY_COUNT.FALLBACKS, TICKET_DAY_COUNT.FALLBACKS.plus(delta[2]))
                        .where(TICKET_DAY_COUNT.CREATED_ON.eq(day))
                        .and(TICKET_DAY_COUNT.STRIPE.eq(stripe)),
                    values::get,
                    () ->
                        values
                            .get()
                            .onConflict(TICKET_DAY_COUNT.CREATED_ON, TICKET_DAY_COUNT.STRIPE)
                            .doUpdate()
                            .set(TICKET_DAY_COUNT.CREATED, TICKET_DAY_COUNT.CREATED.plus(delta[0]))
                            .set(
                                TICKET_DAY_COUNT.ANALYSED, TICKET_DAY_COUNT.ANALYSED.plus(delta[1]))
                            .set(
                                TICKET_DAY_COUNT.FALLBACKS,
                                TICKET_DAY_COUNT.FALLBACKS.plus(delta[2]))));
          }
        });
    assignees.forEach(
        (member, delta) -> {
          if (delta[0] != 0 || delta[1] != 0) {
            var values =
                (Supplier<InsertValuesStep4<AssigneeCountRecord, UUID, Short, Long, Long>>)
                    () ->
                        dsl.insertInto(
                                ASSIGNEE_COUNT,
                                ASSIGNEE_COUNT.MEMBER_ID,
                                ASSIGNEE_COUNT.STRIPE,
                                ASSIGNEE_COUNT.OPEN_TICKETS,
                                ASSIGNEE_COUNT.COMPLETED_TICKETS)
                            .values(member, stripe, delta[0], delta[1]);
            writes.add(
                new CounterWrite(
                    dsl.update(ASSIGNEE_COUNT)
                        .set(
                            ASSIGNEE_COUNT.OPEN_TICKETS, ASSIGNEE_COUNT.OPEN_TICKETS.plus(delta[0]))
                        .set(
                            ASSIGNEE_COUNT.COMPLETED_TICKETS,
                            ASSIGNEE_COUNT.COMPLETED_TICKETS.plus(delta[1]))
                        .where(ASSIGNEE_COUNT.MEMBER_ID.eq(member))
                        .and(ASSIGNEE_COUNT.STRIPE.eq(stripe)),
                    values::get,
                    () ->
                        values
                            .get()
                            .onConflict(ASSIGNEE_COUNT.MEMBER_ID, ASSIGNEE_COUNT.STRIPE)
                            .doUpdate()
                            .set(
                                ASSIGNEE_COUNT.OPEN_TICKETS,
                                ASSIGNEE_COUNT.OPEN_TICKETS.plus(delta[0]))
                            .set(
                                ASSIGNEE_COUNT.COMPLETED_TICKETS,
                                ASSIGNEE_COUNT.COMPLETED_TICKETS.plus(delta[1]))));
          }
        });
    tickets.clear();
    days.clear();
    assignees.clear();
    return writes;
  }

  /**
   * One counter row's change: an update of the row, and builders of its insert and of its upsert
   * (jOOQ statements are mutable builders, hence one fresh statement each).
   */
  private record CounterWrite(Query update, Supplier<Query> insert, Supplier<Query> upsert) {}

  /** True when changes wait to be flushed. */
  boolean pending() {
    return !tickets.isEmpty() || !days.isEmpty() || !assignees.isEmpty();
  }
}
