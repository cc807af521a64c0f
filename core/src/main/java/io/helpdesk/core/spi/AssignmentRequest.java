package io.helpdesk.core.spi;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.TicketId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an assigner decides on.
 *
 * @param ticketId the ticket
 * @param priority its effective priority
 * @param requiredSkills the skills its analysis found, in the taxonomy's vocabulary
 * @param candidates every moderator, active or not, with their load
 * @param now the engine's clock
 */
public record AssignmentRequest(
    TicketId ticketId,
    Priority priority,
    List<Skill> requiredSkills,
    List<Candidate> candidates,
    Instant now) {
  public AssignmentRequest {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(priority, "priority");
    requiredSkills = List.copyOf(requiredSkills);
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(now, "now");
  }
}
