package io.helpdesk.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of a ticket and the one place that says which moves are allowed.
 *
 * <pre>
 *   TODO ----------> IN_PROGRESS ----------> COMPLETED
 *    ^  <----------  (stop work)                 |
 *    |  ---------------------------------------->|  (resolved without work)
 *    +---------------- reopen -------------------+
 * </pre>
 *
 * Who may make a move is decided by the engine's access policy (the assigned moderator and admins);
 * this enum only knows which moves exist.
 */
public enum TicketStatus {
  TODO,
  IN_PROGRESS,
  COMPLETED;

  /** The statuses this one may move to. */
  public Set<TicketStatus> allowedTransitions() {
    return switch (this) {
      case TODO -> EnumSet.of(IN_PROGRESS, COMPLETED);
      case IN_PROGRESS -> EnumSet.of(TODO, COMPLETED);
      case COMPLETED -> EnumSet.of(TODO);
    };
  }

  public boolean canMoveTo(TicketStatus next) {
    return allowedTransitions().contains(next);
  }

  /** Open tickets count against a moderator's capacity. */
  public boolean isOpen() {
    return this != COMPLETED;
  }
}
