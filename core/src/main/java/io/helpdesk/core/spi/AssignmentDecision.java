package io.helpdesk.core.spi;

import io.helpdesk.core.model.MemberId;
import java.util.List;
import java.util.Objects;

/** The outcome of an assignment decision: a moderator, or no one. */
public sealed interface AssignmentDecision {

  /** One line a person can read, for example {@code "matches react, api; 2 of 5 open"}. */
  String reason();

  /** How every candidate was judged: scores per factor, or why they were excluded. */
  List<CandidateEvaluation> evaluations();

  /** The ticket goes to {@code assignee}. */
  record Assign(
      MemberId assignee, double score, String reason, List<CandidateEvaluation> evaluations)
      implements AssignmentDecision {
    public Assign {
      Objects.requireNonNull(assignee, "assignee");
      Objects.requireNonNull(reason, "reason");
      evaluations = List.copyOf(evaluations);
    }
  }

  /** No candidate fits; the ticket needs an admin's triage. */
  record NoCandidate(String reason, List<CandidateEvaluation> evaluations)
      implements AssignmentDecision {
    public NoCandidate {
      Objects.requireNonNull(reason, "reason");
      evaluations = List.copyOf(evaluations);
    }
  }
}
