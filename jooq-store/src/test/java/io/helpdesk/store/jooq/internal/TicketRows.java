package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.TICKETS;

import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketsRecord;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Writes ticket rows the way a store without analytics counters did (for tests of the migration
 * that fills the counters from existing tickets).
 */
public final class TicketRows {
  private TicketRows() {}

  /** Inserts the ticket's row only, with its first assignment time; no counters, no skills. */
  public static void insertWithoutCounters(
      DSLContext dsl, Ticket ticket, Optional<Instant> firstAssignedAt) {
    TicketsRecord row = Rows.ticketRecord(ticket);
    row.setFirstAssignedAt(
        firstAssignedAt.or(() -> ticket.assignment().map(Assignment::assignedAt)).orElse(null));
    dsl.insertInto(TICKETS).set(row).execute();
  }
}
