package io.helpdesk.analyzer.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helpdesk.core.model.Priority;
import io.helpdesk.core.spi.AnalysisRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** slf4j-simple writes to whatever {@code System.err} is at the time of the call. */
@DisplayName("the per-call log line")
class CallLogTest {
  static final String KEY = "log-test-key-SHOULD-NOT-APPEAR";
  static final String SECRET_TEXT = "customer Zyxwv account 998877 password hunter2";

  @Test
  @DisplayName("names model, outcome, latency and tokens, never the ticket text or the key")
  void logLine() {
    String log;
    try (FakeGeminiServer server = new FakeGeminiServer();
        GeminiTicketAnalyzer analyzer =
            new GeminiTicketAnalyzer(
                GeminiConfig.builder(KEY)
                    .model("log-model")
                    .baseUrl(server.baseUrl())
                    .callDeadline(Duration.ofSeconds(5))
                    .build())) {
      AnalysisRequest request =
          new AnalysisRequest(
              "Login fails: " + SECRET_TEXT,
              SECRET_TEXT,
              Optional.of(Priority.URGENT),
              Optional.empty(),
              Instant.parse("2026-01-05T09:00:00Z"));
      log =
          captureStandardError(
              () -> {
                analyzer.analyze(request);
                server.alwaysReply(FakeGeminiServer.error(503, "UNAVAILABLE"));
                catchThrowable(() -> analyzer.analyze(request));
              });
    }

    assertThat(log)
        .contains("model=log-model", "outcome=ok", "inputTokens=57", "outputTokens=31")
        .contains("outcome=http-503")
        .containsPattern("latencyMs=\\d+");
    assertThat(log).doesNotContain(KEY, "Zyxwv", "hunter2", "998877");
  }

  private static String captureStandardError(Runnable work) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
