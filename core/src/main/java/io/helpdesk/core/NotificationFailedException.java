package io.helpdesk.core;

import java.time.Duration;

/**
 * The notifier could not deliver. Retryable for transient causes (connection refused, timeout, a
 * 4xx SMTP reply); permanent when delivery can never succeed (unknown recipient), in which case the
 * engine dead-letters the job at once instead of retrying.
 *
 * @since 0.1
 */
public final class NotificationFailedException extends PortFailureException {
  private static final long serialVersionUID = 1L;

  private NotificationFailedException(
      String message, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, retryable, retryAfter, cause);
  }

  public static NotificationFailedException retryable(String message, Throwable cause) {
    return new NotificationFailedException(message, true, null, cause);
  }

  /** Retryable, no sooner than {@code retryAfter} (a server's "try again later" hint). */
  public static NotificationFailedException retryable(
      String message, Duration retryAfter, Throwable cause) {
    return new NotificationFailedException(message, true, retryAfter, cause);
  }

  public static NotificationFailedException permanent(String message, Throwable cause) {
    return new NotificationFailedException(message, false, null, cause);
  }
}
