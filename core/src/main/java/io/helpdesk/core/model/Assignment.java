package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a ticket is assigned to, who decided and why.
 *
 * @param assignee the member the ticket is assigned to
 * @param source whether the engine or an admin decided
 * @param decidedBy the admin who assigned by hand; empty for the engine
 * @param score the assigner's score for the assignee (0 for manual assignments)
 * @param reason a human-readable reason, for example {@code "matches react, api; 2 of 5 open"}
 * @param assignedAt when the assignment was made
 */
public record Assignment(
    MemberId assignee,
    AssignmentSource source,
    Optional<MemberId> decidedBy,
    double score,
    String reason,
    Instant assignedAt) {
  public Assignment {
    Objects.requireNonNull(assignee, "assignee");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(assignedAt, "assignedAt");
  }
}
