package io.helpdesk.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A port (analyzer, notifier, store) could not do its job. {@link #retryable()} tells the pipeline
 * whether trying again later can help (a timeout, a 429, a 5xx) or not (bad credentials, a rejected
 * recipient); {@link #retryAfter()} carries a delay the remote side asked for.
 *
 * @since 0.1
 */
public abstract class PortFailureException extends HelpdeskException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;
  private final transient Duration retryAfter;

  protected PortFailureException(
      String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
