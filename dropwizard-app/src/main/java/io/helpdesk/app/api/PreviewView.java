package io.helpdesk.app.api;

import io.helpdesk.core.model.AssignmentPreview;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.CandidateEvaluation;
import java.util.List;

/** Who the engine would assign, and why (v1). */
public record PreviewView(
    Priority priority,
    List<String> requiredSkills,
    String analysedBy,
    String outcome,
    String assigneeId,
    String reason,
    List<CandidateView> candidates) {

  /** One candidate the assigner weighed. */
  public record CandidateView(
      String memberId,
      String displayName,
      boolean eligible,
      String excludedBecause,
      double score,
      List<FactorView> factors) {}

  /** One part of a candidate's score. */
  public record FactorView(String name, double value, String detail) {}

  public static PreviewView of(AssignmentPreview preview) {
    AssignmentDecision decision = preview.decision();
    String assignee =
        decision instanceof AssignmentDecision.Assign assign ? assign.assignee().toString() : null;
    return new PreviewView(
        preview.priority(),
        preview.requiredSkills().stream().map(Skill::name).toList(),
        preview.analysedBy(),
        assignee != null ? "ASSIGN" : "NO_CANDIDATE",
        assignee,
        decision.reason(),
        decision.evaluations().stream().map(PreviewView::candidate).toList());
  }

  private static CandidateView candidate(CandidateEvaluation evaluation) {
    return new CandidateView(
        evaluation.memberId().toString(),
        evaluation.displayName(),
        evaluation.eligible(),
        evaluation.excludedBecause().orElse(null),
        evaluation.score(),
        evaluation.factors().stream()
            .map(factor -> new FactorView(factor.name(), factor.value(), factor.detail()))
            .toList());
  }
}
