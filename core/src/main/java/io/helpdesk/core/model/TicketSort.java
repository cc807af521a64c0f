package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * The orders a ticket list can come in. Each is a total order (the id breaks ties), which is what
 * keyset pagination needs. Ids compare as unsigned bytes, as PostgreSQL and H2 compare UUIDs.
 */
public enum TicketSort {
  /** Newest first: {@code created_at DESC, id DESC}. A requester's "my tickets". */
  NEWEST,
  /**
   * The work queue: {@code effective priority DESC, due ASC (no due date last), created_at ASC, id
   * ASC}. A moderator's queue.
   */
  PRIORITY;

  /** Stands in for "no due date" so that it sorts last and fits any SQL timestamp column. */
  public static final Instant NO_DUE_DATE = Instant.parse("9999-12-31T00:00:00Z");

  /** The order as a comparator over tickets. */
  public Comparator<Ticket> comparator() {
    return (left, right) ->
        TicketCursor.after(this, left).compareInSortOrder(TicketCursor.after(this, right));
  }

  /** The due date used for sorting: the due date, or {@link #NO_DUE_DATE}. */
  public static Instant dueSortKey(Ticket ticket) {
    return ticket.dueAt().orElse(NO_DUE_DATE);
  }

  /** Compares UUIDs as 16 unsigned bytes, the order databases use. */
  public static int compareUuids(UUID left, UUID right) {
    int high = Long.compareUnsigned(left.getMostSignificantBits(), right.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(left.getLeastSignificantBits(), right.getLeastSignificantBits());
  }
}
