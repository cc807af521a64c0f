package io.helpdesk.analyzer.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Against the real Gemini API. Runs only when {@code GEMINI_API_KEY} is set; {@code GEMINI_MODEL}
 * optionally picks the model. The test, not the adapter, reads the environment.
 */
@DisplayName("GeminiTicketAnalyzer against the real Gemini API")
class GeminiLiveTest {

  @Test
  @DisplayName("analyses an outage ticket and reports healthy")
  void liveCall() {
    String apiKey = System.getenv("GEMINI_API_KEY");
    assumeTrue(
        apiKey != null && !apiKey.isBlank(), "GEMINI_API_KEY is not set: live Gemini test skipped");
    SkillTaxonomy taxonomy = SkillTaxonomy.defaults();
    GeminiConfig.Builder config =
        GeminiConfig.builder(apiKey).callDeadline(Duration.ofSeconds(60)).taxonomy(taxonomy);
    Optional.ofNullable(System.getenv("GEMINI_MODEL"))
        .filter(model -> !model.isBlank())
        .ifPresent(config::model);
    Instant now = Instant.now();

    try (GeminiTicketAnalyzer analyzer = new GeminiTicketAnalyzer(config.build())) {
      assertThat(analyzer.checkHealth().healthy()).as(analyzer.checkHealth().message()).isTrue();

      AnalysisResult result =
          analyzer.analyze(
              new AnalysisRequest(
                  "Every API call returns 503 since 09:40",
                  "Not sure if it's us, but every call to your REST API returns 503 since 09:40,"
                      + " and two partner companies see the same. No rush.",
                  Optional.of(Priority.LOW),
                  Optional.empty(),
                  now));

      assertThat(result.priority()).isIn(Priority.HIGH, Priority.URGENT);
      assertThat(taxonomy.skills()).containsAll(result.skills());
      assertThat(result.skills()).isNotEmpty().hasSizeLessThanOrEqualTo(Limits.MAX_ANALYSIS_SKILLS);
      assertThat(result.usage()).hasValueSatisfying(u -> assertThat(u.inputTokens()).isPositive());
    }
  }
}
