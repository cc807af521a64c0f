package io.helpdesk.core;

/**
 * The acting member may see the object but not do this to it (a requester changing a status, a
 * moderator assigning by hand, an inactive member doing anything).
 *
 * @since 0.1
 */
public final class AccessDeniedException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final String action;

  public AccessDeniedException(String action, String reason) {
    super("not allowed to " + action + ": " + reason);
    this.action = action;
  }

  /** The action that was refused, for example {@code assign ticket}. */
  public String action() {
    return action;
  }
}
