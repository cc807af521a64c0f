package io.helpdesk.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A ticket with its conversation and history, as the acting member may see them (requesters get no
 * internal notes and no staff-only events).
 */
public record TicketDetails(Ticket ticket, List<Comment> comments, List<TicketEvent> history) {
  public TicketDetails {
    Objects.requireNonNull(ticket, "ticket");
    comments = List.copyOf(comments);
    history = List.copyOf(history);
  }
}
