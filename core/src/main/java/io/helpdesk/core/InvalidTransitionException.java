package io.helpdesk.core;

import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketStatus;

/**
 * A status change the status machine does not allow (see {@link TicketStatus#canMoveTo}).
 *
 * @since 0.1
 */
public final class InvalidTransitionException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final transient TicketId ticketId;
  private final TicketStatus from;
  private final TicketStatus to;

  public InvalidTransitionException(TicketId ticketId, TicketStatus from, TicketStatus to) {
    super(
        "ticket "
            + ticketId
            + " cannot move from "
            + from
            + " to "
            + to
            + "; allowed: "
            + from.allowedTransitions());
    this.ticketId = ticketId;
    this.from = from;
    this.to = to;
  }

  public TicketId ticketId() {
    return ticketId;
  }

  public TicketStatus from() {
    return from;
  }

  public TicketStatus to() {
    return to;
  }
}
