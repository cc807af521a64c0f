package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The position after which the next page of a ticket list starts: the sort key of the last ticket
 * of the previous page. Travels to clients as an opaque string ({@link #encode()}); {@link
 * #decode(String)} rejects anything it did not make.
 *
 * @param sort the order the cursor belongs to
 * @param priorityRank the last ticket's effective priority rank (used by {@link
 *     TicketSort#PRIORITY})
 * @param dueSortKey the last ticket's {@link TicketSort#dueSortKey}
 * @param createdAt the last ticket's creation time
 * @param id the last ticket's id
 */
public record TicketCursor(
    TicketSort sort, int priorityRank, Instant dueSortKey, Instant createdAt, TicketId id) {
  private static final String VERSION = "c1";

  public TicketCursor {
    Objects.requireNonNull(sort, "sort");
    Objects.requireNonNull(dueSortKey, "dueSortKey");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
  }

  /** The cursor that continues after {@code ticket} in the given order. */
  public static TicketCursor after(TicketSort sort, Ticket ticket) {
    return new TicketCursor(
        sort,
        ticket.effectivePriority().rank(),
        TicketSort.dueSortKey(ticket),
        ticket.createdAt(),
        ticket.id());
  }

  /** True when {@code ticket} comes strictly after this position in the cursor's order. */
  public boolean precedes(Ticket ticket) {
    return compareInSortOrder(after(sort, ticket)) < 0;
  }

  /**
   * Negative when this position comes before {@code other} in the sort order, zero when equal. This
   * is the single definition of each order; {@link TicketSort#comparator()} uses it.
   */
  int compareInSortOrder(TicketCursor other) {
    int byId = TicketSort.compareUuids(id.value(), other.id.value());
    return switch (sort) {
      case NEWEST -> {
        int byCreated = other.createdAt.compareTo(createdAt);
        yield byCreated != 0 ? byCreated : -byId;
      }
      case PRIORITY -> {
        int byRank = Integer.compare(other.priorityRank, priorityRank);
        if (byRank != 0) {
          yield byRank;
        }
        int byDue = dueSortKey.compareTo(other.dueSortKey);
        if (byDue != 0) {
          yield byDue;
        }
        int byCreated = createdAt.compareTo(other.createdAt);
        yield byCreated != 0 ? byCreated : byId;
      }
    };
  }

  public String encode() {
    String raw =
        String.join(
            "|",
            VERSION,
            sort.name(),
            Integer.toString(priorityRank),
            dueSortKey.toString(),
            createdAt.toString(),
            id.toString());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a cursor made by {@link #encode()}; anything else is an {@link InvalidInputException}.
   */
  public static TicketCursor decode(String encoded) {
    try {
      if (encoded.length() > 300) {
        throw new IllegalArgumentException("too long");
      }
      String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", -1);
      if (parts.length != 6 || !VERSION.equals(parts[0])) {
        throw new IllegalArgumentException("unknown cursor format");
      }
      int rank = Integer.parseInt(parts[2]);
      if (rank < 0 || rank >= Priority.values().length) {
        throw new IllegalArgumentException("bad rank");
      }
      return new TicketCursor(
          TicketSort.valueOf(parts[1]),
          rank,
          Instant.parse(parts[3]),
          Instant.parse(parts[4]),
          TicketId.parse(parts[5]));
    } catch (RuntimeException e) {
      throw new InvalidInputException("cursor", "is not a cursor this server issued");
    }
  }
}
