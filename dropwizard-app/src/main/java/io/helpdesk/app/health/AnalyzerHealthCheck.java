package io.helpdesk.app.health;

import com.codahale.metrics.health.HealthCheck;
import io.helpdesk.analyzer.gemini.GeminiHealth;
import io.helpdesk.analyzer.gemini.GeminiTicketAnalyzer;
import java.util.Optional;

/** Gemini answers (a model lookup, no tokens spent); the offline analyzer is always healthy. */
public final class AnalyzerHealthCheck extends HealthCheck {
  private final Optional<GeminiTicketAnalyzer> gemini;

  public AnalyzerHealthCheck(Optional<GeminiTicketAnalyzer> gemini) {
    this.gemini = gemini;
  }

  @Override
  protected Result check() {
    if (gemini.isEmpty()) {
      return Result.healthy("keyword analyzer (offline)");
    }
    GeminiHealth health = gemini.get().checkHealth();
    return health.healthy() ? Result.healthy(health.message()) : Result.unhealthy(health.message());
  }
}
