package io.helpdesk.core.spi;

import io.helpdesk.core.model.MemberId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an assigner judged one candidate.
 *
 * @param memberId the candidate
 * @param displayName their name, for explanations
 * @param excludedBecause why they could not get the ticket (inactive, full, no matching skill);
 *     empty when they were eligible
 * @param factors the score's parts, in the order they were applied
 * @param score the total score (higher is better; meaningless when excluded)
 */
public record CandidateEvaluation(
    MemberId memberId,
    String displayName,
    Optional<String> excludedBecause,
    List<ScoreFactor> factors,
    double score) {
  public CandidateEvaluation {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(excludedBecause, "excludedBecause");
    factors = List.copyOf(factors);
  }

  public boolean eligible() {
    return excludedBecause.isEmpty();
  }

  /** One part of a score: a name, its contribution, and what it saw. */
  public record ScoreFactor(String name, double value, String detail) {
    public ScoreFactor {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
