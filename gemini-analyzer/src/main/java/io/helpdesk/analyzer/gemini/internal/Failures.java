package io.helpdesk.analyzer.gemini.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import io.helpdesk.core.AnalysisUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the SDK's exceptions onto the pipeline's two kinds of failure. Not API.
 *
 * <ul>
 *   <li>408, 429 and 5xx: retryable, with the server's {@code RetryInfo.retryDelay} as retry-after
 *       when the error body carries one (the SDK copies the error details into its message; it does
 *       not expose response headers, so a {@code Retry-After} header cannot be read);
 *   <li>any other 4xx (400, 401, 403, 404...): permanent, the request or configuration is wrong;
 *   <li>a body the SDK cannot parse: permanent;
 *   <li>other I/O failures (connection refused, reset, timeout): retryable;
 *   <li>anything else: retryable (the port's rule for unknown failures).
 * </ul>
 */
public final class Failures {
  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d{1,6}(?:\\.\\d{1,9})?)s\"");
  private static final int MAX_MESSAGE = 200;

  private Failures() {}

  /** A short label of the failure for the call log ("http-429", "io", ...). */
  public static String outcome(Throwable error) {
    if (error instanceof ApiException api) {
      return "http-" + api.code();
    }
    if (error instanceof GenAiIOException) {
      return isUnparseableBody(error) ? "unparseable-body" : "io";
    }
    return error.getClass().getSimpleName();
  }

  public static AnalysisUnavailableException classify(Throwable error) {
    if (error instanceof ApiException api) {
      int code = api.code();
      String detail =
          "Gemini answered HTTP " + code + " " + nullToEmpty(api.status()) + ": " + brief(api);
      if (code == 408 || code == 429 || code >= 500) {
        return AnalysisUnavailableException.retryable(
            detail, retryDelay(api.getMessage()).orElse(null), error);
      }
      return AnalysisUnavailableException.permanent(detail, error);
    }
    if (error instanceof GenAiIOException) {
      if (isUnparseableBody(error)) {
        return AnalysisUnavailableException.permanent(
            "analysis unavailable: Gemini's response body is not valid JSON", error);
      }
      return AnalysisUnavailableException.retryable(
          "I/O failure talking to Gemini: " + error.getClass().getSimpleName(), null, error);
    }
    return AnalysisUnavailableException.retryable(
        "unexpected failure calling Gemini: " + error.getClass().getName(), null, error);
  }

  /** The {@code RetryInfo.retryDelay} of a Google error body, such as {@code "23s"}. */
  static Optional<Duration> retryDelay(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher matcher = RETRY_DELAY.matcher(message);
    if (!matcher.find()) {
      return Optional.empty();
    }
    double seconds = Double.parseDouble(matcher.group(1));
    return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static boolean isUnparseableBody(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String brief(ApiException api) {
    String message = nullToEmpty(api.message());
    int newline = message.indexOf('\n');
    String firstLine = newline >= 0 ? message.substring(0, newline) : message;
    return firstLine.length() > MAX_MESSAGE ? firstLine.substring(0, MAX_MESSAGE) : firstLine;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
