package io.helpdesk.core;

import java.time.Duration;

/**
 * The analyzer gave no usable answer. Retryable for transient causes (timeout, rate limit, server
 * error); permanent for configuration errors or an answer that cannot be used (blocked, cut off,
 * unparseable). After the last try the engine falls back to the offline analyzer either way.
 *
 * @since 0.1
 */
public final class AnalysisUnavailableException extends PortFailureException {
  private static final long serialVersionUID = 1L;

  private AnalysisUnavailableException(
      String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, retryable, retryAfter, cause);
  }

  public static AnalysisUnavailableException retryable(
      String message, Duration retryAfter, Throwable cause) {
    return new AnalysisUnavailableException(message, true, retryAfter, cause);
  }

  public static AnalysisUnavailableException permanent(String message, Throwable cause) {
    return new AnalysisUnavailableException(message, false, null, cause);
  }
}
