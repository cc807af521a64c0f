package io.helpdesk.core;

import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import java.util.Optional;

/**
 * Who may see and do what: the authorization rules of the engine, in one place. The engine applies
 * them to every command and query; hosts use them too, for example to filter live events.
 *
 * <ul>
 *   <li>Inactive members may do nothing.
 *   <li>A requester ({@link Role#USER}) sees the tickets they filed, their public comments and
 *       their non-internal history, and may comment on them.
 *   <li>A moderator sees the tickets assigned to them (and any they filed), changes their status
 *       and priority, re-runs their analysis, and writes public comments and internal notes.
 *   <li>An admin sees and does everything, and alone assigns by hand, manages members, reads
 *       analytics and handles the triage and dead-letter queues.
 * </ul>
 *
 * Tickets a member may not see are reported as not found, so their ids cannot be probed.
 *
 * @since 0.1
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  public static boolean isAdmin(Member member) {
    return member.active() && member.role() == Role.ADMIN;
  }

  public static boolean canView(Member member, Ticket ticket) {
    if (!member.active()) {
      return false;
    }
    return member.role() == Role.ADMIN
        || ticket.requester().equals(member.id())
        || ticket.assignee().equals(Optional.of(member.id()));
  }

  /** Status changes, priority overrides and re-analysis: the assigned moderator, or an admin. */
  public static boolean canWork(Member member, Ticket ticket) {
    if (!member.active()) {
      return false;
    }
    return member.role() == Role.ADMIN
        || (member.role() == Role.MODERATOR && ticket.assignee().equals(Optional.of(member.id())));
  }

  public static boolean canComment(Member member, Ticket ticket) {
    return canView(member, ticket);
  }

  public static boolean canWriteInternalNote(Member member, Ticket ticket) {
    return member.role().isStaff() && canView(member, ticket);
  }

  public static boolean canSeeComment(Member member, Ticket ticket, Comment comment) {
    return canView(member, ticket) && (!comment.internal() || member.role().isStaff());
  }

  /** Whether a live or historical event may be shown to {@code member}. */
  public static boolean canSee(Member member, TicketEvent event) {
    if (!member.active()) {
      return false;
    }
    if (member.role() == Role.ADMIN) {
      return true;
    }
    boolean assignedToMember = event.assignee().equals(Optional.of(member.id()));
    if (assignedToMember && member.role().isStaff()) {
      return true;
    }
    return event.requester().equals(member.id()) && !event.internal();
  }
}
