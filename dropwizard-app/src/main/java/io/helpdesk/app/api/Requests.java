package io.helpdesk.app.api;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.TicketStatus;
import java.time.Instant;
import java.util.List;

/** The JSON bodies the API accepts (v1). Missing fields arrive as {@code null}. */
public final class Requests {
  private Requests() {}

  /** File a ticket, or preview the assignment of a draft. */
  public record CreateTicket(
      String title, String description, Priority requestedPriority, Instant deadline) {}

  /** Move a ticket to another status, if it is still at {@code version}. */
  public record ChangeStatus(TicketStatus status, Long version) {}

  /** Assign a ticket by hand. */
  public record Assign(String assigneeId) {}

  /** A comment or an internal note. */
  public record CommentBody(String body) {}

  /** An admin's change to a member; absent fields stay as they are. */
  public record UpdateMember(
      Role role, List<String> skills, Integer capacity, Boolean active, String displayName) {}

  /** A new personal API token. */
  public record CreateToken(String name) {}

  /** Dev sign-in as a demo member. */
  public record DevSignIn(String email) {}
}
