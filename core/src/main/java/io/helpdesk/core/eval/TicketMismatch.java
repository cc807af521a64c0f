package io.helpdesk.core.eval;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A ticket where the analyzer disagreed with the label, or failed.
 *
 * @param ticketId the ticket's id
 * @param expectedPriority the labelled priority
 * @param predictedPriority the analyzer's priority; empty when it failed
 * @param expectedSkills the labelled skills
 * @param predictedSkills the analyzer's skills, most important first
 * @param error the analyzer's failure, when it threw
 */
public record TicketMismatch(
    String ticketId,
    Priority expectedPriority,
    Optional<Priority> predictedPriority,
    Set<Skill> expectedSkills,
    List<Skill> predictedSkills,
    Optional<String> error) {
  public TicketMismatch {
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(expectedPriority, "expectedPriority");
    Objects.requireNonNull(predictedPriority, "predictedPriority");
    expectedSkills = Set.copyOf(expectedSkills);
    predictedSkills = List.copyOf(predictedSkills);
    Objects.requireNonNull(error, "error");
  }

  public boolean priorityMatches() {
    return predictedPriority.filter(expectedPriority::equals).isPresent();
  }

  public boolean skillsMatch() {
    return error.isEmpty() && expectedSkills.equals(Set.copyOf(predictedSkills));
  }
}
