package io.helpdesk.core.model;

import io.helpdesk.core.spi.AssignmentDecision;
import java.util.List;
import java.util.Objects;

/**
 * Who the engine would assign a ticket to, and why, computed without writing anything.
 *
 * @param priority the priority the decision was made for
 * @param requiredSkills the skills the decision was made for
 * @param analysedBy the analyzer whose skills were used ({@code stored} for an analysed ticket)
 * @param decision the assigner's decision with every candidate's evaluation
 */
public record AssignmentPreview(
    Priority priority, List<Skill> requiredSkills, String analysedBy, AssignmentDecision decision) {
  public AssignmentPreview {
    Objects.requireNonNull(priority, "priority");
    requiredSkills = List.copyOf(requiredSkills);
    Objects.requireNonNull(analysedBy, "analysedBy");
    Objects.requireNonNull(decision, "decision");
  }
}
