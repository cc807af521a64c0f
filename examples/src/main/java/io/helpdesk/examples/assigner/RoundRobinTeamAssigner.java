package io.helpdesk.examples.assigner;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.spi.Assigner;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.CandidateEvaluation;
import io.helpdesk.core.spi.CandidateEvaluation.ScoreFactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A third-party {@link Assigner}: round robin within a team, where a team is the moderators who
 * share a skill. Skills decide <i>which team</i>; within the team, load does not count, turns do.
 *
 * <h2>The rule</h2>
 *
 * <ol>
 *   <li>Excluded, with the reason in {@link CandidateEvaluation#excludedBecause()}: inactive
 *       members ({@code "inactive"}), requesters ({@code "not staff"}), members at or over capacity
 *       ({@code "full: 5 of 5 open"}).
 *   <li>The team is that of the ticket's first required skill that has an available member; the
 *       others' teams are tried in the analysis's order. A ticket without required skills goes to
 *       the team of everyone available. Available members outside the team are excluded as {@code
 *       "not in the kubernetes team"}; with no team at all, the ticket goes to triage.
 *   <li>Within the team, the member whose turn it is: the one who was last given a ticket longest
 *       ago, a member never assigned before anyone. Ties go to the display name, then the member
 *       id.
 * </ol>
 *
 * The engine passes each moderator's {@link Candidate#lastAssignedAt()}, read in the transaction
 * that writes the assignment, so the rotation needs no state here: the assigner stays pure,
 * deterministic and safe for concurrent use, as the {@link Assigner} contract asks. Scores only
 * order the team: {@code 1} for the member whose turn it is, {@code 1/2} for the next, and so on.
 */
public final class RoundRobinTeamAssigner implements Assigner {
  /** The name of the only score factor: the place in the rotation. */
  public static final String TURN_FACTOR = "turn";

  private static final Comparator<Candidate> BY_TURN =
      Comparator.<Candidate, Instant>comparing(
              candidate -> candidate.lastAssignedAt().orElse(Instant.MIN))
          .thenComparing(candidate -> candidate.member().displayName())
          .thenComparing(candidate -> candidate.member().id().value());

  @Override
  public AssignmentDecision decide(AssignmentRequest request) {
    if (request.candidates().isEmpty()) {
      return new AssignmentDecision.NoCandidate("no moderators", List.of());
    }
    List<Candidate> available = new ArrayList<>();
    List<CandidateEvaluation> excluded = new ArrayList<>();
    for (Candidate candidate : request.candidates()) {
      Member member = candidate.member();
      if (!member.active()) {
        excluded.add(excluded(member, "inactive"));
      } else if (member.role() == Role.USER) {
        excluded.add(excluded(member, "not staff"));
      } else if (!candidate.hasRoom()) {
        excluded.add(
            excluded(
                member, "full: " + candidate.openTickets() + " of " + member.capacity() + " open"));
      } else {
        available.add(candidate);
      }
    }

    Optional<Skill> teamSkill = Optional.empty();
    List<Candidate> team = available;
    for (Skill skill : new LinkedHashSet<>(request.requiredSkills())) {
      List<Candidate> skilled =
          available.stream()
              .filter(candidate -> candidate.member().skills().contains(skill))
              .toList();
      if (!skilled.isEmpty()) {
        teamSkill = Optional.of(skill);
        team = skilled;
        break;
      }
    }
    if (teamSkill.isEmpty() && !request.requiredSkills().isEmpty()) {
      team = List.of();
    }
    String teamName = teamSkill.map(skill -> "the " + skill.name() + " team").orElse("everyone");
    for (Candidate candidate : available) {
      if (!team.contains(candidate)) {
        excluded.add(excluded(candidate.member(), "not in " + teamName));
      }
    }
    excluded.sort(
        Comparator.comparing(CandidateEvaluation::displayName)
            .thenComparing(evaluation -> evaluation.memberId().value()));

    if (team.isEmpty()) {
      String reason =
          available.isEmpty()
              ? "no moderator is active with room"
              : "no available moderator has any of " + request.requiredSkills();
      return new AssignmentDecision.NoCandidate(reason, excluded);
    }

    List<Candidate> rotation = new ArrayList<>(team);
    rotation.sort(BY_TURN);
    List<CandidateEvaluation> evaluations = new ArrayList<>(request.candidates().size());
    for (int place = 0; place < rotation.size(); place++) {
      Candidate candidate = rotation.get(place);
      double score = 1.0 / (place + 1);
      String detail =
          "place "
              + (place + 1)
              + " of "
              + rotation.size()
              + ", "
              + waited(candidate, request.now());
      evaluations.add(
          new CandidateEvaluation(
              candidate.member().id(),
              candidate.member().displayName(),
              Optional.empty(),
              List.of(new ScoreFactor(TURN_FACTOR, score, detail)),
              score));
    }
    evaluations.addAll(excluded);

    Candidate next = rotation.get(0);
    return new AssignmentDecision.Assign(
        next.member().id(),
        1.0,
        "next in turn in "
            + teamName
            + " ("
            + rotation.size()
            + " available), "
            + waited(next, request.now())
            + "; "
            + next.openTickets()
            + " of "
            + next.member().capacity()
            + " open",
        evaluations);
  }

  private static CandidateEvaluation excluded(Member member, String reason) {
    return new CandidateEvaluation(
        member.id(), member.displayName(), Optional.of(reason), List.of(), 0.0);
  }

  private static String waited(Candidate candidate, Instant now) {
    if (candidate.lastAssignedAt().isEmpty()) {
      return "never assigned";
    }
    Duration waited = Duration.between(candidate.lastAssignedAt().get(), now);
    if (waited.isNegative()) {
      waited = Duration.ZERO;
    }
    return waited.toMinutes() < 1
        ? "last assigned " + waited.toSeconds() + " s ago"
        : "last assigned " + waited.toMinutes() + " min ago";
  }
}
