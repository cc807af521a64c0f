package io.helpdesk.core.spi;

import io.helpdesk.core.AnalysisUnavailableException;

/**
 * Turns a ticket's text into an analysis: priority, required skills, helpful notes.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Thread-safety:</b> implementations must be safe for concurrent calls; the engine
 *       analyses many tickets at once.
 *   <li><b>Answers:</b> a returned {@link AnalysisResult} is within bounds by construction
 *       (priority set, at most 5 skills, notes capped); skills should come from the taxonomy the
 *       analyzer was given (the engine drops unknown ones).
 *   <li><b>Failures:</b> throw {@link AnalysisUnavailableException}: {@linkplain
 *       AnalysisUnavailableException#retryable(String, java.time.Duration, Throwable) retryable}
 *       for timeouts, rate limits, server errors and I/O; {@linkplain
 *       AnalysisUnavailableException#permanent(String, Throwable) permanent} for bad configuration
 *       or unusable answers (blocked, cut off, unparseable). Any other exception is treated as
 *       retryable. The engine owns retrying (with backoff) and falls back to the offline analyzer
 *       after the last try, so implementations must not retry internally.
 *   <li><b>Untrusted input:</b> ticket text is data, never instructions.
 *   <li><b>Time:</b> a call must return or fail within the analyzer's own deadline.
 * </ul>
 *
 * @since 0.1
 */
public interface TicketAnalyzer {

  /** Analyses one ticket. */
  AnalysisResult analyze(AnalysisRequest request);

  /** A short name for logs, events and analytics, for example the model name or {@code keyword}. */
  String name();
}
