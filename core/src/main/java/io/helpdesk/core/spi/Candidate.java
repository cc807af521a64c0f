package io.helpdesk.core.spi;

import io.helpdesk.core.model.Member;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A moderator who could take a ticket, with their load at decision time.
 *
 * @param member the moderator
 * @param openTickets tickets assigned to them that are not completed
 * @param lastAssignedAt when they were last given a ticket (the tie-break: longest wait first)
 */
public record Candidate(Member member, int openTickets, Optional<Instant> lastAssignedAt) {
  public Candidate {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(lastAssignedAt, "lastAssignedAt");
    if (openTickets < 0) {
      throw new IllegalArgumentException("openTickets must not be negative");
    }
  }

  public boolean hasRoom() {
    return openTickets < member.capacity();
  }
}
