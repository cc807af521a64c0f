package io.helpdesk.core.eval;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One ticket of an evaluation set with the labels a person gave it.
 *
 * @param id the ticket's id within the set (for reports only)
 * @param title the title
 * @param description the description
 * @param requestedPriority what the requester asked for (an input, not a label)
 * @param deadlineIn time from submission to a concrete business deadline
 * @param expectedPriority the labelled priority
 * @param expectedSkills the labelled skills
 */
public record LabelledTicket(
    String id,
    String title,
    String description,
    Optional<Priority> requestedPriority,
    Optional<Duration> deadlineIn,
    Priority expectedPriority,
    Set<Skill> expectedSkills) {
  public LabelledTicket {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(requestedPriority, "requestedPriority");
    Objects.requireNonNull(deadlineIn, "deadlineIn");
    Objects.requireNonNull(expectedPriority, "expectedPriority");
    expectedSkills = Set.copyOf(expectedSkills);
  }
}
