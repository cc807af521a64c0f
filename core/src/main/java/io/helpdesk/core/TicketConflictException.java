package io.helpdesk.core;

import io.helpdesk.core.model.TicketId;

/**
 * The ticket changed since the caller read it (optimistic locking): reload and try again.
 *
 * @since 0.1
 */
public final class TicketConflictException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final transient TicketId ticketId;
  private final long expectedVersion;
  private final long actualVersion;

  public TicketConflictException(TicketId ticketId, long expectedVersion, long actualVersion) {
    super(
        "ticket "
            + ticketId
            + " was changed by someone else (expected version "
            + expectedVersion
            + ", found "
            + actualVersion
            + ")");
    this.ticketId = ticketId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  public TicketId ticketId() {
    return ticketId;
  }

  public long expectedVersion() {
    return expectedVersion;
  }

  public long actualVersion() {
    return actualVersion;
  }
}
