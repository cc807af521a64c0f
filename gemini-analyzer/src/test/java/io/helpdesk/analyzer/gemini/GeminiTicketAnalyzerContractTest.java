package io.helpdesk.analyzer.gemini;

import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.spi.TicketAnalyzer;
import io.helpdesk.testkit.TicketAnalyzerContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("GeminiTicketAnalyzer meets the TicketAnalyzer contract (fake server, valid answers)")
class GeminiTicketAnalyzerContractTest extends TicketAnalyzerContractTest {
  private FakeGeminiServer server;
  private GeminiTicketAnalyzer analyzer;

  @Override
  protected TicketAnalyzer createAnalyzer(SkillTaxonomy taxonomy) {
    server = new FakeGeminiServer();
    analyzer =
        new GeminiTicketAnalyzer(
            GeminiConfig.builder("contract-test-key")
                .model("contract-model")
                .baseUrl(server.baseUrl())
                .callDeadline(Duration.ofSeconds(10))
                .maxConcurrentCalls(8)
                .requestsPerMinute(100_000)
                .taxonomy(taxonomy)
                .build());
    return analyzer;
  }

  /** Usage figures (latency) differ per call, and a real model samples. */
  @Override
  protected boolean isDeterministic() {
    return false;
  }

  @AfterEach
  void stopServer() {
    analyzer.close();
    server.close();
  }
}
