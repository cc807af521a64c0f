package io.helpdesk.core.eval;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.internal.Json;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures how well a {@link TicketAnalyzer} agrees with labelled tickets: micro-averaged skill
 * precision/recall/F1, priority accuracy and quadratic weighted kappa.
 *
 * <p>The input is JSON Lines, one ticket per line:
 *
 * <pre>{"id": "dev-001", "title": "...", "description": "...", "requestedPriority": null,
 *  "deadlineHours": 19, "expected": {"priority": "HIGH", "skills": ["data-export"]}}</pre>
 */
public final class TriageEvaluation {
  private static final int PRIORITY_LEVELS = Priority.values().length;

  private TriageEvaluation() {}

  /** Evaluates the keyword analyzer on the JSON Lines file named by the first argument. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: TriageEvaluation <labelled-tickets.jsonl>");
      System.exit(2);
    }
    List<LabelledTicket> tickets = readJsonLines(Path.of(args[0]));
    TriageReport report = evaluate(KeywordTicketAnalyzer.withDefaults(), tickets, Instant.now());
    System.out.print(report.format());
    System.out.println(report.summaryLine());
  }

  /** Reads labelled tickets from a UTF-8 JSON Lines file. */
  public static List<LabelledTicket> readJsonLines(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readJsonLines(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads labelled tickets from JSON Lines; blank lines are skipped. A bad line fails with an
   * {@link InvalidInputException} whose field names the line number.
   */
  public static List<LabelledTicket> readJsonLines(Reader reader) {
    BufferedReader lines = new BufferedReader(reader);
    List<LabelledTicket> tickets = new ArrayList<>();
    int lineNumber = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          tickets.add(parseLine(line, lineNumber));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read line " + (lineNumber + 1), e);
    }
    return List.copyOf(tickets);
  }

  private static LabelledTicket parseLine(String line, int lineNumber) {
    String field = "line " + lineNumber;
    try {
      Map<String, Object> object = Json.parseObject(line);
      Map<String, Object> expected = requireObject(object, "expected");
      Set<Skill> skills = new LinkedHashSet<>();
      for (Object skill : requireList(expected, "skills")) {
        if (!(skill instanceof String name)) {
          throw new IllegalArgumentException("\"expected.skills\" must hold strings");
        }
        skills.add(Skill.of(name));
      }
      return new LabelledTicket(
          requireString(object, "id"),
          requireString(object, "title"),
          requireString(object, "description"),
          optionalString(object, "requestedPriority").map(TriageEvaluation::priority),
          optionalHours(object, "deadlineHours"),
          priority(requireString(expected, "priority")),
          skills);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  /**
   * Runs the analyzer on every ticket and compares its answers with the labels. A ticket's deadline
   * is {@code now} plus its deadline hours. A ticket the analyzer throws on counts as a wrong
   * priority and as missed skills, and the error is kept in the mismatch; the run goes on.
   */
  public static TriageReport evaluate(
      TicketAnalyzer analyzer, List<LabelledTicket> tickets, Instant now) {
    int[][] confusion = new int[PRIORITY_LEVELS][PRIORITY_LEVELS];
    List<TicketMismatch> mismatches = new ArrayList<>();
    long truePositives = 0;
    long falsePositives = 0;
    long falseNegatives = 0;
    int correctPriorities = 0;
    int failures = 0;
    for (LabelledTicket ticket : tickets) {
      AnalysisRequest request =
          new AnalysisRequest(
              ticket.title(),
              ticket.description(),
              ticket.requestedPriority(),
              ticket.deadlineIn().map(now::plus),
              now);
      Optional<AnalysisResult> result;
      Optional<String> error;
      try {
        result = Optional.of(analyzer.analyze(request));
        error = Optional.empty();
      } catch (RuntimeException e) {
        result = Optional.empty();
        error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        failures++;
      }
      List<Skill> predictedSkills = result.map(AnalysisResult::skills).orElse(List.of());
      Set<Skill> predicted = Set.copyOf(predictedSkills);
      for (Skill skill : predicted) {
        if (ticket.expectedSkills().contains(skill)) {
          truePositives++;
        } else {
          falsePositives++;
        }
      }
      for (Skill skill : ticket.expectedSkills()) {
        if (!predicted.contains(skill)) {
          falseNegatives++;
        }
      }
      Optional<Priority> predictedPriority = result.map(AnalysisResult::priority);
      predictedPriority.ifPresent(
          priority -> confusion[ticket.expectedPriority().rank()][priority.rank()]++);
      TicketMismatch outcome =
          new TicketMismatch(
              ticket.id(),
              ticket.expectedPriority(),
              predictedPriority,
              ticket.expectedSkills(),
              predictedSkills,
              error);
      if (outcome.priorityMatches()) {
        correctPriorities++;
      }
      if (!outcome.priorityMatches() || !outcome.skillsMatch()) {
        mismatches.add(outcome);
      }
    }
    double precision = ratio(truePositives, truePositives + falsePositives);
    double recall = ratio(truePositives, truePositives + falseNegatives);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new TriageReport(
        analyzer.name(),
        tickets.size(),
        failures,
        precision,
        recall,
        f1,
        ratio(correctPriorities, tickets.size()),
        quadraticWeightedKappa(confusion),
        toLists(confusion),
        mismatches);
  }

  /**
   * Cohen's kappa with quadratic weights over a square confusion matrix of ordered classes ({@code
   * [expected][predicted]}): 1 for perfect agreement, 0 for chance level. When both raters put
   * everything in one class, agreement is perfect and the result is 1.
   */
  public static double quadraticWeightedKappa(int[][] confusion) {
    int classes = confusion.length;
    double total = 0;
    double[] expectedTotals = new double[classes];
    double[] predictedTotals = new double[classes];
    for (int expected = 0; expected < classes; expected++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        int count = confusion[expected][predicted];
        total += count;
        expectedTotals[expected] += count;
        predictedTotals[predicted] += count;
      }
    }
    if (total == 0 || classes < 2) {
      return 0;
    }
    double observedDisagreement = 0;
    double chanceDisagreement = 0;
    for (int expected = 0; expected < classes; expected++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        double distance = expected - predicted;
        double weight = distance * distance / ((classes - 1.0) * (classes - 1.0));
        observedDisagreement += weight * confusion[expected][predicted];
        chanceDisagreement +=
            weight * expectedTotals[expected] * predictedTotals[predicted] / total;
      }
    }
    if (chanceDisagreement == 0) {
      return observedDisagreement == 0 ? 1 : 0;
    }
    return 1 - observedDisagreement / chanceDisagreement;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static List<List<Integer>> toLists(int[][] matrix) {
    List<List<Integer>> rows = new ArrayList<>();
    for (int[] row : matrix) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return rows;
  }

  private static Priority priority(String name) {
    try {
      return Priority.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown priority \"" + name + "\"", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> requireObject(Map<String, Object> object, String name) {
    if (!(object.get(name) instanceof Map<?, ?> value)) {
      throw new IllegalArgumentException("\"" + name + "\" must be an object");
    }
    return (Map<String, Object>) value;
  }

  private static List<?> requireList(Map<String, Object> object, String name) {
    if (!(object.get(name) instanceof List<?> value)) {
      throw new IllegalArgumentException("\"" + name + "\" must be an array");
    }
    return value;
  }

  private static String requireString(Map<String, Object> object, String name) {
    if (!(object.get(name) instanceof String value)) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string");
    }
    return value;
  }

  private static Optional<String> optionalString(Map<String, Object> object, String name) {
    Object value = object.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String string)) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string or null");
    }
    return Optional.of(string);
  }

  private static Optional<Duration> optionalHours(Map<String, Object> object, String name) {
    Object value = object.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Number hours)) {
      throw new IllegalArgumentException("\"" + name + "\" must be a number or null");
    }
    return Optional.of(Duration.ofMinutes(Math.round(hours.doubleValue() * 60)));
  }
}
