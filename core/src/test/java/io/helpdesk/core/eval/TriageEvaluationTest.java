package io.helpdesk.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TriageEvaluationTest {
  private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

  @Test
  @DisplayName("perfect agreement gives kappa 1")
  void perfectAgreement() {
    int[][] confusion = {{3, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 4, 0}, {0, 0, 0, 1}};

    assertThat(TriageEvaluation.quadraticWeightedKappa(confusion)).isEqualTo(1.0);
  }

  @Test
  @DisplayName("quadratic weighted kappa matches a hand-computed example")
  void knownKappa() {
    // expected LOW, MEDIUM, HIGH, URGENT; predicted LOW, MEDIUM, HIGH, HIGH:
    // observed weighted disagreement 1/9, chance 32/36, so kappa = 1 - 0.125.
    int[][] confusion = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 1, 0}};

    assertThat(TriageEvaluation.quadraticWeightedKappa(confusion)).isCloseTo(0.875, within(1e-9));
  }

  @Test
  @DisplayName("skills are scored with micro-averaged precision, recall and F1")
  void microF1() {
    LabelledTicket first = ticket("a", Priority.LOW, "css", "frontend");
    LabelledTicket second = ticket("b", Priority.HIGH, "database");
    TicketAnalyzer analyzer =
        fixed(
            Map.of(
                "a", answer(Priority.LOW, "css"),
                "b", answer(Priority.MEDIUM, "database", "performance", "search")));

    TriageReport report = TriageEvaluation.evaluate(analyzer, List.of(first, second), NOW);

    // tp = 2 (css, database), fp = 2 (performance, search), fn = 1 (frontend)
    assertThat(report.skillPrecision()).isCloseTo(0.5, within(1e-9));
    assertThat(report.skillRecall()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(report.skillF1()).isCloseTo(4.0 / 7, within(1e-9));
    assertThat(report.priorityAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(report.confusionCount(Priority.HIGH, Priority.MEDIUM)).isEqualTo(1);
    assertThat(report.mismatches()).extracting(TicketMismatch::ticketId).containsExactly("a", "b");
  }

  @Test
  @DisplayName("an analyzer failure counts as wrong and is noted, the run goes on")
  void failuresAreCounted() {
    TicketAnalyzer analyzer =
        new TicketAnalyzer() {
          @Override
          public AnalysisResult analyze(AnalysisRequest request) {
            if (request.title().equals("boom")) {
              throw new IllegalStateException("model offline");
            }
            return answer(Priority.LOW, "css");
          }

          @Override
          public String name() {
            return "flaky";
          }
        };
    List<LabelledTicket> tickets =
        List.of(ticket("boom", Priority.LOW, "css"), ticket("fine", Priority.LOW, "css"));

    TriageReport report = TriageEvaluation.evaluate(analyzer, tickets, NOW);

    assertThat(report.failureCount()).isEqualTo(1);
    assertThat(report.priorityAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(report.skillRecall()).isCloseTo(0.5, within(1e-9));
    assertThat(report.mismatches().get(0).error())
        .hasValueSatisfying(error -> assertThat(error).contains("model offline"));
    assertThat(report.format()).contains("model offline");
  }

  @Test
  @DisplayName("the summary line has three decimals")
  void summaryLine() {
    TriageReport report =
        new TriageReport(
            "x",
            1,
            0,
            1,
            1,
            0.8125,
            0.74349,
            0.7006,
            List.of(
                List.of(0, 0, 0, 0), List.of(0, 0, 0, 0), List.of(0, 0, 0, 0), List.of(0, 0, 0, 0)),
            List.of());

    assertThat(report.summaryLine())
        .isEqualTo("skills_f1=0.813 priority_accuracy=0.743 priority_kappa=0.701");
  }

  @Test
  @DisplayName("JSON Lines are read with deadline and requested priority")
  void readsJsonLines() {
    String jsonl =
        """
        {"id":"t-1","title":"T","description":"D","requestedPriority":"HIGH","deadlineHours":9,\
        "expected":{"priority":"LOW","skills":["css"]}}

        {"id":"t-2","title":"T2","description":"D2","requestedPriority":null,"deadlineHours":null,\
        "expected":{"priority":"URGENT","skills":["backend-api","security"]}}
        """;

    List<LabelledTicket> tickets = TriageEvaluation.readJsonLines(new StringReader(jsonl));

    assertThat(tickets).hasSize(2);
    assertThat(tickets.get(0).requestedPriority()).contains(Priority.HIGH);
    assertThat(tickets.get(0).deadlineIn()).contains(Duration.ofHours(9));
    assertThat(tickets.get(1).deadlineIn()).isEmpty();
    assertThat(tickets.get(1).expectedSkills())
        .containsExactlyInAnyOrder(Skill.of("backend-api"), Skill.of("security"));
  }

  @Test
  @DisplayName("a bad line fails with its line number")
  void badLineNamesItsNumber() {
    String jsonl =
        """
        {"id":"t-1","title":"T","description":"D","expected":{"priority":"LOW","skills":["css"]}}
        {"id":"t-2","title":"T","description":"D","expected":{"priority":"SOON","skills":[]}}
        """;

    assertThatThrownBy(() -> TriageEvaluation.readJsonLines(new StringReader(jsonl)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("SOON");
  }

  @Test
  @DisplayName("broken JSON and missing fields fail with their line number")
  void brokenJson() {
    assertThatThrownBy(() -> TriageEvaluation.readJsonLines(new StringReader("{\"id\": ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () ->
                TriageEvaluation.readJsonLines(
                    new StringReader("\n{\"id\":\"x\",\"title\":\"T\",\"description\":\"D\"}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("expected");
  }

  @Test
  @DisplayName("the keyword analyzer meets the quality bar on the dev set")
  void keywordAnalyzerOnDevSet() throws URISyntaxException {
    Path devSet = Path.of(getClass().getResource("/eval/dev.jsonl").toURI());
    List<LabelledTicket> tickets = TriageEvaluation.readJsonLines(devSet);

    TriageReport report =
        TriageEvaluation.evaluate(KeywordTicketAnalyzer.withDefaults(), tickets, NOW);

    System.out.print(report.format());
    System.out.println(report.summaryLine());
    assertThat(report.ticketCount()).isEqualTo(70);
    assertThat(report.failureCount()).isZero();
    assertThat(report.skillF1()).isGreaterThanOrEqualTo(0.80);
    assertThat(report.priorityAccuracy()).isGreaterThanOrEqualTo(0.70);
  }

  private static LabelledTicket ticket(String id, Priority expected, String... skills) {
    return new LabelledTicket(
        id,
        id,
        "description of " + id,
        Optional.empty(),
        Optional.empty(),
        expected,
        Arrays.stream(skills).map(Skill::of).collect(Collectors.toSet()));
  }

  private static AnalysisResult answer(Priority priority, String... skills) {
    return AnalysisResult.bounded(
        priority, List.of(skills).stream().map(Skill::of).toList(), "", "fixed", Optional.empty());
  }

  private static TicketAnalyzer fixed(Map<String, AnalysisResult> answers) {
    return new TicketAnalyzer() {
      @Override
      public AnalysisResult analyze(AnalysisRequest request) {
        return answers.get(request.title());
      }

      @Override
      public String name() {
        return "fixed";
      }
    };
  }
}
