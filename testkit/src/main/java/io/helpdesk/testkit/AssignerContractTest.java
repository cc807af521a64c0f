package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.spi.Assigner;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.CandidateEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Assigner} must pass. Extend it and create the assigner under test in
 * {@link #createAssigner()}.
 *
 * <p>Capability: {@link #assignsBySkill()}, off for assigners that deliberately ignore skills
 * (round robin, for example).
 */
public abstract class AssignerContractTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
  private static final long SEED = 20260105L;
  private static final List<String> SKILL_POOL =
      List.of("react", "api", "database", "kubernetes", "helm", "security", "css", "billing");

  private Assigner assigner;

  /** A fresh assigner; called before each test. */
  protected abstract Assigner createAssigner();

  /** Whether the assigner prefers candidates who have the ticket's required skills. */
  protected boolean assignsBySkill() {
    return true;
  }

  @BeforeEach
  void createAssignerUnderTest() {
    assigner = createAssigner();
  }

  @Test
  @DisplayName("never assigns someone who is not a candidate, is inactive or is at capacity")
  void neverAssignsIneligible() {
    Random random = new Random(SEED);
    for (int i = 0; i < 500; i++) {
      AssignmentRequest request = randomRequest(random);
      AssignmentDecision decision = assigner.decide(request);

      if (decision instanceof AssignmentDecision.Assign assign) {
        Candidate chosen =
            request.candidates().stream()
                .filter(candidate -> candidate.member().id().equals(assign.assignee()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("assigned a non-candidate: " + request));
        assertThat(chosen.member().active()).as("chosen is active: %s", request).isTrue();
        assertThat(chosen.hasRoom()).as("chosen has room: %s", request).isTrue();
        assertThat(evaluationOf(decision, assign.assignee()).eligible())
            .as("chosen is explained as eligible")
            .isTrue();
      }
      assertThat(decision.reason()).as("a reason is given").isNotBlank();
    }
  }

  @Test
  @DisplayName("explains every candidate exactly once")
  void everyCandidateEvaluatedOnce() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      AssignmentRequest request = randomRequest(random);
      AssignmentDecision decision = assigner.decide(request);

      List<MemberId> candidates =
          request.candidates().stream().map(candidate -> candidate.member().id()).toList();
      assertThat(decision.evaluations())
          .extracting(CandidateEvaluation::memberId)
          .containsExactlyInAnyOrderElementsOf(candidates);
      for (Candidate candidate : request.candidates()) {
        if (!candidate.member().active() || !candidate.hasRoom()) {
          assertThat(evaluationOf(decision, candidate.member().id()).excludedBecause())
              .as("an inactive or full candidate is explained as excluded")
              .isPresent();
        }
      }
    }
  }

  @Test
  @DisplayName("is deterministic: the same request gives the same decision")
  void deterministic() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < 100; i++) {
      AssignmentRequest request = randomRequest(random);
      AssignmentRequest copy =
          new AssignmentRequest(
              request.ticketId(),
              request.priority(),
              request.requiredSkills(),
              request.candidates(),
              request.now());

      assertThat(createAssigner().decide(copy)).isEqualTo(assigner.decide(request));
    }
  }

  @Test
  @DisplayName("with no candidates there is no candidate, and the reason says so")
  void emptyCandidates() {
    AssignmentDecision decision = assigner.decide(request(List.of("react"), List.of()));

    assertThat(decision).isInstanceOf(AssignmentDecision.NoCandidate.class);
    assertThat(decision.reason()).isNotBlank();
    assertThat(decision.evaluations()).isEmpty();
  }

  @Test
  @DisplayName("when nobody is active with room, there is no candidate")
  void nobodyEligible() {
    Member full = TestData.moderator("Full Fiona", 2, NOW, "react");
    Member away = TestData.moderator("Away Arne", 5, NOW, "react").withActive(false);

    AssignmentDecision decision =
        assigner.decide(
            request(
                List.of("react"),
                List.of(
                    new Candidate(full, 2, Optional.empty()),
                    new Candidate(away, 0, Optional.empty()))));

    assertThat(decision).isInstanceOf(AssignmentDecision.NoCandidate.class);
    assertThat(decision.evaluations()).hasSize(2).noneMatch(CandidateEvaluation::eligible);
  }

  @Test
  @DisplayName("when exactly one eligible moderator has the required skill, they are chosen")
  void basicCompetence() {
    Assumptions.assumeTrue(assignsBySkill(), "the assigner ignores skills by design");
    Member expert = TestData.moderator("Kim Kubernetes", 5, NOW, "kubernetes");
    Member fullExpert = TestData.moderator("Fay Full", 1, NOW, "kubernetes");
    Member idleFrontend = TestData.moderator("Ida Idle", 20, NOW, "react", "css");
    Member idleBilling = TestData.moderator("Bo Billing", 20, NOW, "billing");

    AssignmentDecision decision =
        assigner.decide(
            request(
                List.of("kubernetes"),
                List.of(
                    new Candidate(idleFrontend, 0, Optional.empty()),
                    new Candidate(fullExpert, 1, Optional.empty()),
                    new Candidate(expert, 4, Optional.of(NOW.minusSeconds(5))),
                    new Candidate(idleBilling, 0, Optional.empty()))));

    assertThat(decision).isInstanceOf(AssignmentDecision.Assign.class);
    assertThat(((AssignmentDecision.Assign) decision).assignee()).isEqualTo(expert.id());
  }

  @Test
  @DisplayName("is safe under concurrent calls")
  void concurrentCalls() throws Exception {
    Random random = new Random(SEED + 3);
    List<AssignmentRequest> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add(randomRequest(random));
    }
    Map<AssignmentRequest, AssignmentDecision> expected =
        requests.stream().collect(Collectors.toMap(Function.identity(), assigner::decide));

    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (AssignmentRequest request : requests) {
          calls.add(() -> assigner.decide(request).equals(expected.get(request)));
        }
      }
      for (Future<Boolean> sameAsAlone : executor.invokeAll(calls)) {
        assertThat(sameAsAlone.get(30, TimeUnit.SECONDS))
            .as("a concurrent decision equals the one made alone")
            .isTrue();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static CandidateEvaluation evaluationOf(AssignmentDecision decision, MemberId memberId) {
    return decision.evaluations().stream()
        .filter(evaluation -> evaluation.memberId().equals(memberId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no evaluation for " + memberId));
  }

  private static AssignmentRequest request(List<String> skills, List<Candidate> candidates) {
    return new AssignmentRequest(
        TicketId.random(),
        Priority.MEDIUM,
        skills.stream().map(Skill::of).toList(),
        candidates,
        NOW);
  }

  /**
   * Up to 15 moderators (some inactive, some full or over capacity, some with capacity 0) and up to
   * three required skills. Ids come from the seeded random, so a failure replays exactly.
   */
  private static AssignmentRequest randomRequest(Random random) {
    int count = random.nextInt(16);
    List<Candidate> candidates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int capacity = random.nextInt(6);
      Member member =
          new Member(
              new MemberId(new UUID(random.nextLong(), random.nextLong())),
              "moderator" + i + "@example.com",
              "Moderator " + (char) ('A' + random.nextInt(5)),
              Role.MODERATOR,
              randomSkills(random, random.nextInt(4)),
              capacity,
              random.nextInt(5) > 0,
              NOW);
      int open = random.nextInt(capacity + 3);
      Optional<Instant> lastAssigned =
          random.nextBoolean()
              ? Optional.empty()
              : Optional.of(NOW.minus(Duration.ofMinutes(random.nextInt(3) * 30L)));
      candidates.add(new Candidate(member, open, lastAssigned));
    }
    List<Skill> required = List.copyOf(randomSkills(random, random.nextInt(4)));
    return new AssignmentRequest(
        new TicketId(new UUID(random.nextLong(), random.nextLong())),
        Priority.values()[random.nextInt(Priority.values().length)],
        required,
        candidates,
        NOW);
  }

  private static Set<Skill> randomSkills(Random random, int count) {
    Set<Skill> skills = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      skills.add(Skill.of(SKILL_POOL.get(random.nextInt(SKILL_POOL.size()))));
    }
    return skills;
  }
}
