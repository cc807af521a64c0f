package io.helpdesk.analyzer.gemini;

import java.util.Objects;

/**
 * The answer of {@link GeminiTicketAnalyzer#checkHealth()}: whether the analyzer is configured and
 * the API reachable, and a message for operators (never the API key).
 *
 * @param healthy true when the model answered
 * @param message what was checked, or why it failed
 */
public record GeminiHealth(boolean healthy, String message) {
  public GeminiHealth {
    Objects.requireNonNull(message, "message");
  }

  public static GeminiHealth healthy(String message) {
    return new GeminiHealth(true, message);
  }

  public static GeminiHealth unhealthy(String message) {
    return new GeminiHealth(false, message);
  }
}
