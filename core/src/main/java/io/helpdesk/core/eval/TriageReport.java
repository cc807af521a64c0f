package io.helpdesk.core.eval;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of {@link TriageEvaluation#evaluate}: how well an analyzer's priorities and skills
 * agree with the labels.
 *
 * @param analyzerName the evaluated analyzer's {@code name()}
 * @param ticketCount how many tickets were evaluated
 * @param failureCount how many tickets the analyzer threw on (counted as wrong)
 * @param skillPrecision micro-averaged precision of the predicted skills
 * @param skillRecall micro-averaged recall of the predicted skills
 * @param skillF1 micro-averaged F1 of the predicted skills
 * @param priorityAccuracy share of tickets with exactly the labelled priority
 * @param priorityKappa quadratic weighted Cohen's kappa over the ordered priorities (tickets the
 *     analyzer failed on are left out)
 * @param confusion counts indexed {@code [expected.rank()][predicted.rank()]}
 * @param mismatches every ticket with a wrong priority, wrong skills or a failure, in input order
 */
public record TriageReport(
    String analyzerName,
    int ticketCount,
    int failureCount,
    double skillPrecision,
    double skillRecall,
    double skillF1,
    double priorityAccuracy,
    double priorityKappa,
    List<List<Integer>> confusion,
    List<TicketMismatch> mismatches) {
  public TriageReport {
    confusion = confusion.stream().map(List::copyOf).toList();
    mismatches = List.copyOf(mismatches);
  }

  /** How many tickets labelled {@code expected} the analyzer gave {@code predicted}. */
  public int confusionCount(Priority expected, Priority predicted) {
    return confusion.get(expected.rank()).get(predicted.rank());
  }

  /** One line for logs and CI, e.g. {@code skills_f1=0.812 priority_accuracy=0.743 ...}. */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "skills_f1=%.3f priority_accuracy=%.3f priority_kappa=%.3f",
        skillF1,
        priorityAccuracy,
        priorityKappa);
  }

  /** A readable multi-line report: metrics, confusion matrix and mismatches. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Triage evaluation of '%s' on %d tickets (%d analyzer failures)%n",
            analyzerName,
            ticketCount,
            failureCount));
    out.append(
        String.format(
            Locale.ROOT,
            "Skills:   precision %.3f  recall %.3f  F1 %.3f (micro)%n",
            skillPrecision,
            skillRecall,
            skillF1));
    out.append(
        String.format(
            Locale.ROOT,
            "Priority: accuracy %.3f  quadratic weighted kappa %.3f%n%n",
            priorityAccuracy,
            priorityKappa));
    out.append("Confusion matrix (rows: expected, columns: predicted)\n");
    out.append(String.format(Locale.ROOT, "%-8s", ""));
    for (Priority predicted : Priority.values()) {
      out.append(String.format(Locale.ROOT, "%8s", predicted));
    }
    out.append('\n');
    for (Priority expected : Priority.values()) {
      out.append(String.format(Locale.ROOT, "%-8s", expected));
      for (Priority predicted : Priority.values()) {
        out.append(String.format(Locale.ROOT, "%8d", confusionCount(expected, predicted)));
      }
      out.append('\n');
    }
    out.append(String.format(Locale.ROOT, "%nMismatches (%d)%n", mismatches.size()));
    for (TicketMismatch mismatch : mismatches) {
      out.append(describe(mismatch)).append('\n');
    }
    return out.toString();
  }

  private static String describe(TicketMismatch mismatch) {
    List<String> parts = new ArrayList<>();
    String predictedPriority = mismatch.predictedPriority().map(Priority::name).orElse("(none)");
    parts.add(
        (mismatch.priorityMatches() ? "priority ok " : "priority ")
            + mismatch.expectedPriority()
            + " -> "
            + predictedPriority);
    if (!mismatch.skillsMatch()) {
      parts.add(
          "skills "
              + sorted(mismatch.expectedSkills())
              + " -> "
              + mismatch.predictedSkills().stream().map(Skill::name).toList());
    }
    mismatch.error().ifPresent(error -> parts.add("error: " + error));
    return "  " + mismatch.ticketId() + ": " + String.join("; ", parts);
  }

  private static List<String> sorted(Set<Skill> skills) {
    return skills.stream().map(Skill::name).sorted().collect(Collectors.toList());
  }
}
