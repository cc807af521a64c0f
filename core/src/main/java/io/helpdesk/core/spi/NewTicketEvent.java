package io.helpdesk.core.spi;

import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** An event to append; the store gives it its id. See {@link TicketEvent} for the fields. */
public record NewTicketEvent(
    TicketId ticketId,
    EventType type,
    Optional<MemberId> actor,
    Instant at,
    MemberId requester,
    Optional<MemberId> assignee,
    boolean internal,
    Map<String, String> data) {
  public NewTicketEvent {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(assignee, "assignee");
    data = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(data));
  }

  /** An event about {@code ticket} as it is after the change. */
  public static NewTicketEvent about(
      Ticket ticket,
      EventType type,
      Optional<MemberId> actor,
      Instant at,
      boolean internal,
      Map<String, String> data) {
    return new NewTicketEvent(
        ticket.id(), type, actor, at, ticket.requester(), ticket.assignee(), internal, data);
  }

  public TicketEvent withId(long id) {
    return new TicketEvent(id, ticketId, type, actor, at, requester, assignee, internal, data);
  }
}
