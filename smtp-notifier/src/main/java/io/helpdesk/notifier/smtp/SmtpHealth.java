package io.helpdesk.notifier.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link SmtpNotifier#checkHealth}: whether the server could be reached, TLS set up
 * and the credentials accepted.
 *
 * @param status what the check found
 * @param detail a human-readable explanation (the server's reply or the error), never a secret
 * @param elapsed how long the check took
 */
public record SmtpHealth(Status status, String detail, Duration elapsed) {

  public SmtpHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public enum Status {
    /** Connected, TLS as configured, credentials (if any) accepted. */
    UP,
    /** No connection: refused, timed out, unknown host, or the connection broke. */
    UNREACHABLE,
    /** Connected, but TLS could not be set up as configured. */
    TLS_FAILED,
    /** Connected, but the server rejected the credentials. */
    CREDENTIALS_REJECTED,
    /** Connected, but the server answered something unexpected (such as 421). */
    ERROR
  }

  public boolean healthy() {
    return status == Status.UP;
  }
}
