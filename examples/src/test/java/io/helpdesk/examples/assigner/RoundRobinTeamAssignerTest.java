package io.helpdesk.examples.assigner;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.CandidateEvaluation;
import io.helpdesk.testkit.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoundRobinTeamAssignerTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private final RoundRobinTeamAssigner assigner = new RoundRobinTeamAssigner();

  private final Member ana = TestData.moderator("Ana", 5, NOW, "kubernetes");
  private final Member ben = TestData.moderator("Ben", 5, NOW, "kubernetes", "helm");
  private final Member cem = TestData.moderator("Cem", 5, NOW, "kubernetes");
  private final Member dora = TestData.moderator("Dora", 5, NOW, "database");

  @Test
  @DisplayName("a team takes turns: each member in turn, whatever their load")
  void takesTurns() {
    Map<MemberId, Integer> open =
        new HashMap<>(Map.of(ana.id(), 3, ben.id(), 0, cem.id(), 1, dora.id(), 0));
    Map<MemberId, Instant> last = new HashMap<>();
    List<String> order = new ArrayList<>();
    Instant now = NOW;
    for (int ticket = 0; ticket < 6; ticket++) {
      List<Candidate> candidates = new ArrayList<>();
      for (Member member : List.of(ana, ben, cem, dora)) {
        candidates.add(
            new Candidate(
                member, open.get(member.id()), Optional.ofNullable(last.get(member.id()))));
      }
      AssignmentDecision decision =
          assigner.decide(request(List.of("kubernetes"), candidates, now));
      MemberId chosen = ((AssignmentDecision.Assign) decision).assignee();
      order.add(
          List.of(ana, ben, cem, dora).stream()
              .filter(member -> member.id().equals(chosen))
              .findFirst()
              .orElseThrow()
              .displayName());
      last.put(chosen, now);
      open.merge(chosen, 1, Integer::sum);
      now = now.plus(Duration.ofMinutes(10));
    }

    assertThat(order).containsExactly("Ana", "Ben", "Cem", "Ana", "Ben", "Cem");
  }

  @Test
  @DisplayName(
      "the team is that of the first required skill someone available has; others are explained")
  void teamOfFirstAvailableSkill() {
    Member fullHelm = TestData.moderator("Hal", 1, NOW, "helm");
    AssignmentDecision decision =
        assigner.decide(
            request(
                List.of("security", "helm", "kubernetes"),
                List.of(
                    new Candidate(ana, 0, Optional.empty()),
                    new Candidate(ben, 4, Optional.of(NOW.minusSeconds(60))),
                    new Candidate(fullHelm, 1, Optional.empty()),
                    new Candidate(dora, 0, Optional.empty())),
                NOW));

    assertThat(decision).isInstanceOf(AssignmentDecision.Assign.class);
    assertThat(((AssignmentDecision.Assign) decision).assignee()).isEqualTo(ben.id());
    assertThat(decision.reason())
        .startsWith("next in turn in the helm team (1 available)")
        .endsWith("4 of 5 open");
    assertThat(evaluation(decision, ana).excludedBecause()).contains("not in the helm team");
    assertThat(evaluation(decision, fullHelm).excludedBecause()).contains("full: 1 of 1 open");
    assertThat(evaluation(decision, dora).excludedBecause()).contains("not in the helm team");
  }

  @Test
  @DisplayName("no one with a required skill: triage; no skills required: everyone's turn")
  void noTeam() {
    AssignmentDecision none =
        assigner.decide(
            request(List.of("billing"), List.of(new Candidate(ana, 0, Optional.empty())), NOW));
    assertThat(none).isInstanceOf(AssignmentDecision.NoCandidate.class);
    assertThat(none.reason()).contains("billing");

    AssignmentDecision anyone =
        assigner.decide(
            request(
                List.of(),
                List.of(
                    new Candidate(ana, 0, Optional.of(NOW.minusSeconds(30))),
                    new Candidate(dora, 4, Optional.of(NOW.minusSeconds(600)))),
                NOW));
    assertThat(((AssignmentDecision.Assign) anyone).assignee()).isEqualTo(dora.id());
    assertThat(anyone.reason())
        .startsWith("next in turn in everyone (2 available), last assigned 10 min ago");
  }

  private static CandidateEvaluation evaluation(AssignmentDecision decision, Member member) {
    return decision.evaluations().stream()
        .filter(evaluation -> evaluation.memberId().equals(member.id()))
        .findFirst()
        .orElseThrow();
  }

  private static AssignmentRequest request(
      List<String> skills, List<Candidate> candidates, Instant now) {
    return new AssignmentRequest(
        TicketId.random(),
        Priority.MEDIUM,
        skills.stream().map(Skill::of).toList(),
        candidates,
        now);
  }
}
