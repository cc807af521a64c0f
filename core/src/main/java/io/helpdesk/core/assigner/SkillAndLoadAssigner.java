package io.helpdesk.core.assigner;

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
 * The default assigner: the active moderator with room whose skills cover most of what the ticket
 * needs, and among those the one with the most room.
 *
 * <h2>Who is excluded</h2>
 *
 * In this order, with the reason shown in {@link CandidateEvaluation#excludedBecause()}:
 *
 * <ol>
 *   <li>inactive members ({@code "inactive"});
 *   <li>requesters listed by mistake, who may not work tickets ({@code "not staff"});
 *   <li>members at or over capacity ({@code "full: 5 of 5 open"});
 *   <li>when the ticket requires skills, members who have none of them ({@code "no matching
 *       skill"}).
 * </ol>
 *
 * <h2>How eligible candidates are ranked</h2>
 *
 * With {@code n} distinct required skills, each candidate's score is the sum of two factors,
 * reported in this order in {@link CandidateEvaluation#factors()}:
 *
 * <ul>
 *   <li>{@code skills}: coverage, matched required skills / {@code n}, with weight 1. It is the
 *       dominant factor: one more matched skill is worth {@code 1/n}.
 *   <li>{@code load}: room, {@code 1 - open/capacity}, with weight {@code 1/(n+1)}. That is always
 *       less than one matched skill is worth, so better coverage wins however loaded its owner is,
 *       and load decides only between equal coverage. With no required skills ({@code n = 0}) the
 *       load is the whole score: the moderator with the most room gets the ticket.
 *   <li>{@code waiting}: contributes 0 and only breaks exact ties: the candidate who has waited
 *       longest since their last assignment goes first, and one never assigned before everyone.
 *       Remaining ties go to the display name, then the member id, so the decision never depends on
 *       the order of the candidates.
 * </ul>
 *
 * The score therefore lies between {@code 0} and {@code 1 + 1/(n+1)}; only its order means
 * something. Ranking compares the factors' inputs, not the summed floating-point score.
 *
 * <p>Pure, allocation-light and stateless: safe for concurrent use, deterministic, and fast enough
 * for tens of thousands of decisions a second over a thousand candidates.
 *
 * @since 0.1
 */
public final class SkillAndLoadAssigner implements Assigner {

  /** The name of the skill-coverage factor. */
  public static final String SKILLS_FACTOR = "skills";

  /** The name of the load factor. */
  public static final String LOAD_FACTOR = "load";

  /** The name of the tie-break factor (always contributes 0). */
  public static final String WAITING_FACTOR = "waiting";

  /** Texts for common loads and waits, built once: explanations allocate little per candidate. */
  private static final int TABLED_CAPACITY = 32;

  private static final String[][] LOAD_TEXTS = new String[TABLED_CAPACITY + 1][];
  private static final String[] WAIT_UNITS = {"s", "min", "h", "d"};
  private static final long[] WAIT_UNIT_SECONDS = {1, 60, 3_600, 86_400};
  private static final int TABLED_WAIT = 100;
  private static final String[][] WAIT_TEXTS = new String[WAIT_UNITS.length][TABLED_WAIT];

  static {
    for (int capacity = 1; capacity <= TABLED_CAPACITY; capacity++) {
      LOAD_TEXTS[capacity] = new String[capacity];
      for (int open = 0; open < capacity; open++) {
        LOAD_TEXTS[capacity][open] = open + " of " + capacity + " open";
      }
    }
    for (int unit = 0; unit < WAIT_UNITS.length; unit++) {
      for (int amount = 0; amount < TABLED_WAIT; amount++) {
        WAIT_TEXTS[unit][amount] = "last assigned " + amount + " " + WAIT_UNITS[unit] + " ago";
      }
    }
  }

  private static final Optional<String> INACTIVE = Optional.of("inactive");
  private static final Optional<String> NOT_STAFF = Optional.of("not staff");
  private static final Optional<String> NO_MATCHING_SKILL = Optional.of("no matching skill");

  private static final Comparator<CandidateEvaluation> BY_NAME_THEN_ID =
      (left, right) -> {
        int byName = left.displayName().compareTo(right.displayName());
        return byName != 0 ? byName : left.memberId().value().compareTo(right.memberId().value());
      };

  @Override
  public AssignmentDecision decide(AssignmentRequest request) {
    List<Candidate> candidates = request.candidates();
    if (candidates.isEmpty()) {
      return new AssignmentDecision.NoCandidate("no moderators", List.of());
    }
    Skill[] required = new LinkedHashSet<>(request.requiredSkills()).toArray(new Skill[0]);
    int[] requiredHashes = new int[Math.min(required.length, Long.SIZE)];
    for (int i = 0; i < requiredHashes.length; i++) {
      requiredHashes[i] = required[i].name().hashCode();
    }

    List<Eligible> eligible = new ArrayList<>(candidates.size());
    List<CandidateEvaluation> excluded = new ArrayList<>();
    int inactive = 0;
    int notStaff = 0;
    int full = 0;
    int unskilled = 0;
    for (Candidate candidate : candidates) {
      Member member = candidate.member();
      int open = Math.max(0, candidate.openTickets());
      if (!member.active()) {
        inactive++;
        excluded.add(excluded(member, INACTIVE));
      } else if (member.role() == Role.USER) {
        notStaff++;
        excluded.add(excluded(member, NOT_STAFF));
      } else if (open >= member.capacity()) {
        full++;
        excluded.add(
            excluded(member, Optional.of("full: " + open + " of " + member.capacity() + " open")));
      } else {
        long matchedMask = matchedMask(member, required, requiredHashes);
        if (required.length > 0 && matchedMask == 0) {
          unskilled++;
          excluded.add(excluded(member, NO_MATCHING_SKILL));
        } else {
          eligible.add(new Eligible(member, open, candidate.lastAssignedAt(), matchedMask));
        }
      }
    }
    excluded.sort(BY_NAME_THEN_ID);

    if (eligible.isEmpty()) {
      return new AssignmentDecision.NoCandidate(
          noCandidateReason(required, inactive, notStaff, full, unskilled), excluded);
    }
    eligible.sort(null);

    // Candidates share few distinct skill combinations: build each factor once per decision.
    ScoreFactor[] skillFactors = new ScoreFactor[required.length <= 10 ? 1 << required.length : 0];
    List<CandidateEvaluation> evaluations = new ArrayList<>(candidates.size());
    for (Eligible candidate : eligible) {
      evaluations.add(evaluate(candidate, required, skillFactors, request.now()));
    }
    evaluations.addAll(excluded);

    Eligible best = eligible.get(0);
    CandidateEvaluation bestEvaluation = evaluations.get(0);
    return new AssignmentDecision.Assign(
        best.member.id(),
        bestEvaluation.score(),
        skillsSummary(best, required) + "; " + loadSummary(best),
        evaluations);
  }

  /**
   * Bit {@code i} is set when the member has {@code required[i]}. Tickets need a handful of skills
   * ({@code Limits.MAX_ANALYSIS_SKILLS}); skills beyond the 64th are ignored. Scans the member's
   * few skills against the names' cached hash codes: cheaper than a sorted-set lookup per required
   * skill, which showed up as the hottest spot in profiles.
   */
  private static long matchedMask(Member member, Skill[] required, int[] requiredHashes) {
    long mask = 0;
    for (Skill skill : member.skills()) {
      int hash = skill.name().hashCode();
      for (int i = 0; i < requiredHashes.length; i++) {
        if (requiredHashes[i] == hash && required[i].equals(skill)) {
          mask |= 1L << i;
        }
      }
    }
    return mask;
  }

  private static CandidateEvaluation excluded(Member member, Optional<String> reason) {
    return new CandidateEvaluation(member.id(), member.displayName(), reason, List.of(), 0.0);
  }

  private static CandidateEvaluation evaluate(
      Eligible candidate, Skill[] required, ScoreFactor[] skillFactors, Instant now) {
    int skillCount = required.length;
    double coverage = skillCount == 0 ? 0.0 : (double) candidate.matchedCount / skillCount;
    double load = candidate.roomFraction / (skillCount + 1);
    List<ScoreFactor> factors =
        List.of(
            skillsFactor(candidate, required, coverage, skillFactors),
            new ScoreFactor(LOAD_FACTOR, load, loadSummary(candidate)),
            new ScoreFactor(WAITING_FACTOR, 0.0, waitingSummary(candidate, now)));
    return new CandidateEvaluation(
        candidate.member.id(),
        candidate.member.displayName(),
        Optional.empty(),
        factors,
        coverage + load);
  }

  private static ScoreFactor skillsFactor(
      Eligible candidate, Skill[] required, double coverage, ScoreFactor[] skillFactors) {
    if (candidate.matchedMask >= skillFactors.length) {
      return new ScoreFactor(SKILLS_FACTOR, coverage, skillsSummary(candidate, required));
    }
    int slot = (int) candidate.matchedMask;
    if (skillFactors[slot] == null) {
      skillFactors[slot] =
          new ScoreFactor(SKILLS_FACTOR, coverage, skillsSummary(candidate, required));
    }
    return skillFactors[slot];
  }

  /** {@code "matches react, api"}, {@code "matches react (not api)"} or "no skills required". */
  private static String skillsSummary(Eligible candidate, Skill[] required) {
    if (required.length == 0) {
      return "no skills required";
    }
    StringBuilder matched = new StringBuilder(48).append("matches ");
    StringBuilder missing = new StringBuilder();
    boolean firstMatched = true;
    for (int i = 0; i < required.length; i++) {
      if (i < Long.SIZE && (candidate.matchedMask & (1L << i)) != 0) {
        matched.append(firstMatched ? "" : ", ").append(required[i].name());
        firstMatched = false;
      } else {
        missing.append(missing.length() == 0 ? "" : ", ").append(required[i].name());
      }
    }
    if (missing.length() > 0) {
      matched.append(" (not ").append(missing).append(')');
    }
    return matched.toString();
  }

  private static String loadSummary(Eligible candidate) {
    int capacity = candidate.member.capacity();
    if (capacity <= TABLED_CAPACITY) {
      return LOAD_TEXTS[capacity][candidate.open];
    }
    return candidate.open + " of " + capacity + " open";
  }

  private static String waitingSummary(Eligible candidate, Instant now) {
    if (candidate.lastAssignedAt.isEmpty()) {
      return "never assigned";
    }
    long seconds = Math.max(0, Duration.between(candidate.lastAssignedAt.get(), now).getSeconds());
    int unit = seconds < 60 ? 0 : seconds < 3_600 ? 1 : seconds < 86_400 ? 2 : 3;
    long amount = seconds / WAIT_UNIT_SECONDS[unit];
    if (amount < TABLED_WAIT) {
      return WAIT_TEXTS[unit][(int) amount];
    }
    return "last assigned " + amount + " " + WAIT_UNITS[unit] + " ago";
  }

  private static String noCandidateReason(
      Skill[] required, int inactive, int notStaff, int full, int unskilled) {
    StringBuilder reason = new StringBuilder(80);
    if (required.length == 0) {
      reason.append("no active moderator has room");
    } else {
      reason.append("no active moderator with room has ");
      for (int i = 0; i < required.length; i++) {
        if (i > 0) {
          reason.append(i == required.length - 1 ? " or " : ", ");
        }
        reason.append(required[i].name());
      }
    }
    List<String> counts = new ArrayList<>(4);
    if (full > 0) {
      counts.add(full + " full");
    }
    if (inactive > 0) {
      counts.add(inactive + " inactive");
    }
    if (notStaff > 0) {
      counts.add(notStaff + " not staff");
    }
    if (unskilled > 0) {
      counts.add(unskilled + " without a matching skill");
    }
    if (!counts.isEmpty()) {
      reason.append(" (").append(String.join(", ", counts)).append(')');
    }
    return reason.toString();
  }

  /**
   * An eligible candidate with the numbers ranking needs; its natural order is best first. The room
   * fraction is a correctly rounded quotient of integers up to {@code Limits.MAX_CAPACITY}, so
   * equal fractions give equal doubles and different ones keep their order.
   */
  private static final class Eligible implements Comparable<Eligible> {
    final Member member;
    final int open;
    final Optional<Instant> lastAssignedAt;
    final long matchedMask;
    final int matchedCount;
    final double roomFraction;
    final long waitSeconds;
    final int waitNanos;

    Eligible(Member member, int open, Optional<Instant> lastAssignedAt, long matchedMask) {
      this.member = member;
      this.open = open;
      this.lastAssignedAt = lastAssignedAt;
      this.matchedMask = matchedMask;
      this.matchedCount = Long.bitCount(matchedMask);
      this.roomFraction = (double) (member.capacity() - open) / member.capacity();
      this.waitSeconds =
          lastAssignedAt.isPresent() ? lastAssignedAt.get().getEpochSecond() : Long.MIN_VALUE;
      this.waitNanos = lastAssignedAt.isPresent() ? lastAssignedAt.get().getNano() : 0;
    }

    @Override
    public int compareTo(Eligible other) {
      if (matchedCount != other.matchedCount) {
        return Integer.compare(other.matchedCount, matchedCount);
      }
      if (roomFraction != other.roomFraction) {
        return Double.compare(other.roomFraction, roomFraction);
      }
      if (waitSeconds != other.waitSeconds) {
        return Long.compare(waitSeconds, other.waitSeconds);
      }
      if (waitNanos != other.waitNanos) {
        return Integer.compare(waitNanos, other.waitNanos);
      }
      int byName = member.displayName().compareTo(other.member.displayName());
      return byName != 0 ? byName : member.id().value().compareTo(other.member.id().value());
    }
  }
}
