package io.helpdesk.core;

import io.helpdesk.core.model.TicketId;

/**
 * The ticket does not exist or the acting member may not see it.
 *
 * @since 0.1
 */
public final class TicketNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;
  private final transient TicketId ticketId;

  public TicketNotFoundException(TicketId ticketId) {
    super("ticket", ticketId.toString());
    this.ticketId = ticketId;
  }

  public TicketId ticketId() {
    return ticketId;
  }
}
