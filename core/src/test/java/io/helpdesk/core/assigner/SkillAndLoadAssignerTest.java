package io.helpdesk.core.assigner;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.CandidateEvaluation;
import io.helpdesk.core.spi.CandidateEvaluation.ScoreFactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SkillAndLoadAssignerTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

  private final SkillAndLoadAssigner assigner = new SkillAndLoadAssigner();

  @Test
  @DisplayName("the best skill coverage wins over lower load")
  void coverageBeatsLoad() {
    Candidate allSkillsBusy = candidate(moderator("Busy Expert", 5, "react", "api"), 4);
    Candidate oneSkillIdle = candidate(moderator("Idle Generalist", 10, "react"), 0);

    AssignmentDecision decision = decide(List.of("react", "api"), oneSkillIdle, allSkillsBusy);

    assertAssigned(decision, allSkillsBusy);
    assertThat(decision.reason()).isEqualTo("matches react, api; 4 of 5 open");
    assertThat(decision.evaluations().get(1).factors().get(0).detail())
        .isEqualTo("matches react (not api)");
  }

  @Test
  @DisplayName("with equal coverage, the moderator with more room wins")
  void equalCoverageMoreRoomWins() {
    Candidate halfFull = candidate(moderator("Half Full", 4, "react"), 2);
    Candidate mostlyFree = candidate(moderator("Mostly Free", 10, "react"), 2);

    AssignmentDecision decision = decide(List.of("react"), halfFull, mostlyFree);

    assertAssigned(decision, mostlyFree);
    assertThat(decision.reason()).isEqualTo("matches react; 2 of 10 open");
  }

  @Test
  @DisplayName("full and inactive moderators are never chosen, and the explanation says why")
  void fullAndInactiveNeverChosen() {
    Candidate full = candidate(moderator("Full Expert", 5, "kubernetes"), 5);
    Candidate overfull = candidate(moderator("Overfull Expert", 3, "kubernetes"), 4);
    Candidate inactive = candidate(moderator("Gone Expert", 9, "kubernetes").withActive(false), 0);
    Candidate available = candidate(moderator("Available", 5, "kubernetes", "networking"), 1);

    AssignmentDecision decision =
        decide(List.of("kubernetes"), full, overfull, inactive, available);

    assertAssigned(decision, available);
    assertThat(exclusionOf(decision, full)).contains("full: 5 of 5 open");
    assertThat(exclusionOf(decision, overfull)).contains("full: 4 of 3 open");
    assertThat(exclusionOf(decision, inactive)).contains("inactive");
  }

  @Test
  @DisplayName("an exact tie goes to whoever has waited longest; never assigned goes first")
  void tieBrokenByLongestWait() {
    Candidate recent = candidate(moderator("Recent", 5, "api"), 1, NOW.minusSeconds(60));
    Candidate longAgo =
        candidate(moderator("Long Ago", 5, "api"), 1, NOW.minus(Duration.ofDays(2)));
    Candidate never = candidate(moderator("Zed Never", 5, "api"), 1);

    assertAssigned(decide(List.of("api"), recent, longAgo), longAgo);
    AssignmentDecision withNewcomer = decide(List.of("api"), recent, longAgo, never);
    assertAssigned(withNewcomer, never);
    assertThat(withNewcomer.evaluations())
        .extracting(CandidateEvaluation::displayName)
        .containsExactly("Zed Never", "Long Ago", "Recent");
    assertThat(withNewcomer.evaluations().get(1).factors().get(2).detail())
        .isEqualTo("last assigned 2 d ago");
  }

  @Test
  @DisplayName("a complete tie is broken by name, whatever the order of the candidates")
  void completeTieBrokenByName() {
    Candidate anna = candidate(moderator("Anna", 5, "api"), 1);
    Candidate bert = candidate(moderator("Bert", 5, "api"), 1);

    assertAssigned(decide(List.of("api"), bert, anna), anna);
    assertAssigned(decide(List.of("api"), anna, bert), anna);
  }

  @Test
  @DisplayName("a ticket that needs no skills goes to the moderator with the most room")
  void noSkillsMostRoom() {
    Candidate specialist = candidate(moderator("Specialist", 4, "react"), 1);
    Candidate emptyDesk = candidate(moderator("Empty Desk", 8), 0);

    AssignmentDecision decision = decide(List.of(), specialist, emptyDesk);

    assertAssigned(decision, emptyDesk);
    assertThat(decision.reason()).isEqualTo("no skills required; 0 of 8 open");
    assertThat(((AssignmentDecision.Assign) decision).score()).isEqualTo(1.0);
  }

  @Test
  @DisplayName("moderators without any required skill are not chosen")
  void noMatchingSkillExcluded() {
    Candidate frontend = candidate(moderator("Frontend", 9, "react"), 0);

    AssignmentDecision decision = decide(List.of("kubernetes", "helm"), frontend);

    assertThat(decision).isInstanceOf(AssignmentDecision.NoCandidate.class);
    assertThat(exclusionOf(decision, frontend)).contains("no matching skill");
  }

  @Test
  @DisplayName("nobody eligible: no candidate, with a reason that says why")
  void nobodyEligible() {
    Candidate full = candidate(moderator("Full", 2, "kubernetes"), 2);
    Candidate inactive = candidate(moderator("Away", 2, "helm").withActive(false), 0);
    Candidate frontend = candidate(moderator("Frontend", 9, "react"), 0);

    AssignmentDecision decision = decide(List.of("kubernetes", "helm"), full, inactive, frontend);

    assertThat(decision).isInstanceOf(AssignmentDecision.NoCandidate.class);
    assertThat(decision.reason())
        .isEqualTo(
            "no active moderator with room has kubernetes or helm"
                + " (1 full, 1 inactive, 1 without a matching skill)");
    assertThat(decide(List.of()).reason()).isEqualTo("no moderators");
    assertThat(decide(List.of(), full).reason()).isEqualTo("no active moderator has room (1 full)");
  }

  @Test
  @DisplayName("the explanation lists every candidate, eligible best first, then the excluded")
  void explanationListsEveryCandidate() {
    Candidate best = candidate(moderator("Best", 5, "react", "api"), 0);
    Candidate second = candidate(moderator("Second", 5, "react"), 0);
    Candidate third = candidate(moderator("Third", 5, "api"), 3);
    Candidate full = candidate(moderator("Full", 1, "react"), 1);
    Candidate unskilled = candidate(moderator("Unskilled", 5, "css"), 0);
    Candidate requester =
        candidate(
            new Member(
                MemberId.random(),
                "req@example.com",
                "Requester",
                Role.USER,
                Set.of(Skill.of("react")),
                5,
                true,
                NOW),
            0);

    AssignmentDecision decision =
        decide(List.of("react", "api"), unskilled, full, third, requester, second, best);

    List<CandidateEvaluation> evaluations = decision.evaluations();
    assertThat(evaluations)
        .extracting(CandidateEvaluation::displayName)
        .containsExactly("Best", "Second", "Third", "Full", "Requester", "Unskilled");
    assertThat(evaluations.subList(0, 3)).allMatch(CandidateEvaluation::eligible);
    assertThat(evaluations.subList(3, 6)).noneMatch(CandidateEvaluation::eligible);
    assertThat(evaluations.get(0).factors())
        .extracting(ScoreFactor::name)
        .containsExactly("skills", "load", "waiting");
    assertThat(evaluations.get(0).score()).isGreaterThan(evaluations.get(1).score());
    assertThat(evaluations.get(1).score()).isGreaterThan(evaluations.get(2).score());
  }

  @Test
  @DisplayName("one more matched skill always outweighs any difference in load")
  void coverageDominatesAtEveryLoad() {
    for (int capacity = 1; capacity <= 20; capacity++) {
      Candidate twoSkillsAlmostFull = candidate(moderator("Two", capacity, "a", "b"), capacity - 1);
      Candidate oneSkillEmpty = candidate(moderator("One", 1000, "a", "z"), 0);
      AssignmentDecision decision =
          decide(List.of("a", "b", "c", "d", "e"), oneSkillEmpty, twoSkillsAlmostFull);
      assertAssigned(decision, twoSkillsAlmostFull);
    }
  }

  @Test
  @DisplayName("the decision does not depend on the order of the candidates")
  void orderIndependent() {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      candidates.add(
          candidate(moderator("Mod " + (i % 7), 3 + i % 4, i % 2 == 0 ? "api" : "react"), i % 5));
    }
    AssignmentDecision first =
        decide(List.of("api", "react"), candidates.toArray(new Candidate[0]));
    Collections.reverse(candidates);
    AssignmentDecision reversed =
        decide(List.of("api", "react"), candidates.toArray(new Candidate[0]));

    assertThat(reversed).isEqualTo(first);
  }

  private AssignmentDecision decide(List<String> skills, Candidate... candidates) {
    return assigner.decide(
        new AssignmentRequest(
            TicketId.random(),
            Priority.MEDIUM,
            skills.stream().map(Skill::of).collect(Collectors.toList()),
            Arrays.asList(candidates),
            NOW));
  }

  private static void assertAssigned(AssignmentDecision decision, Candidate expected) {
    assertThat(decision).isInstanceOf(AssignmentDecision.Assign.class);
    assertThat(((AssignmentDecision.Assign) decision).assignee()).isEqualTo(expected.member().id());
    assertThat(decision.evaluations().get(0).memberId()).isEqualTo(expected.member().id());
  }

  private static Optional<String> exclusionOf(AssignmentDecision decision, Candidate candidate) {
    return decision.evaluations().stream()
        .filter(evaluation -> evaluation.memberId().equals(candidate.member().id()))
        .findFirst()
        .orElseThrow()
        .excludedBecause();
  }

  private static Member moderator(String name, int capacity, String... skills) {
    return new Member(
        MemberId.random(),
        name.toLowerCase().replace(' ', '.') + "@example.com",
        name,
        Role.MODERATOR,
        Arrays.stream(skills).map(Skill::of).collect(Collectors.toSet()),
        capacity,
        true,
        NOW);
  }

  private static Candidate candidate(Member member, int open) {
    return new Candidate(member, open, Optional.empty());
  }

  private static Candidate candidate(Member member, int open, Instant lastAssignedAt) {
    return new Candidate(member, open, Optional.of(lastAssignedAt));
  }
}
