package io.helpdesk.benchmarks.jmh;

import io.helpdesk.core.assigner.SkillAndLoadAssigner;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.spi.AssignmentDecision;
import io.helpdesk.core.spi.AssignmentRequest;
import io.helpdesk.core.spi.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The skill-and-load assigner choosing among 1,000 moderators (two or three skills each, random
 * load and last assignment): one operation is one decision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class AssignerBenchmark {
  private SkillAndLoadAssigner assigner;
  private AssignmentRequest[] requests;
  private int next;

  /** 1,000 candidates, 64 requests needing one to three skills. */
  @Setup
  public void setUp() {
    Random random = new Random(42);
    List<Skill> skills = new ArrayList<>(SkillTaxonomy.defaults().skills());
    Instant now = Instant.parse("2026-03-02T09:00:00Z");
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Set<Skill> own =
          Set.of(
              skills.get(i % skills.size()),
              skills.get((i * 7 + 3) % skills.size()),
              skills.get((i * 13 + 5) % skills.size()));
      Member member =
          new Member(
              MemberId.random(),
              "moderator-" + i + "@example.com",
              "Moderator " + i,
              Role.MODERATOR,
              own,
              20,
              true,
              now.minus(Duration.ofDays(100)));
      candidates.add(
          new Candidate(
              member,
              random.nextInt(20),
              Optional.of(now.minusSeconds(random.nextInt(86_400 * 3)))));
    }
    requests = new AssignmentRequest[64];
    Priority[] priorities = Priority.values();
    for (int i = 0; i < requests.length; i++) {
      List<Skill> required = new ArrayList<>();
      for (int k = 0; k <= i % 3; k++) {
        Skill skill = skills.get(random.nextInt(skills.size()));
        if (!required.contains(skill)) {
          required.add(skill);
        }
      }
      requests[i] =
          new AssignmentRequest(
              TicketId.random(), priorities[i % priorities.length], required, candidates, now);
    }
    assigner = new SkillAndLoadAssigner();
  }

  /** Decides the next request. */
  @Benchmark
  public AssignmentDecision decide() {
    AssignmentRequest request = requests[next];
    next = (next + 1) % requests.length;
    return assigner.decide(request);
  }
}
